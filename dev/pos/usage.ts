import {
  DEFAULT_AGREEMENT_ID,
  DEFAULT_PLATFORM_API_URL,
  DEFAULT_PLATFORM_CONTRACT_ID,
  DEFAULT_PLATFORM_WEBHOOK_URL,
  DEFAULT_SECRET_HEADER,
  DEFAULT_WEBHOOK_URL,
} from "./args"

export const USAGE = `Usage: npm run pos -- <scenario> [options]

Pushes Smaregi transaction_send requests to the plugin's webhook exactly as the register's
API送信 does (POST, form-urlencoded, proc_name + params JSON + the merchant's agreementId).

Scenarios:
  sale                 a walk-in sale (TSHIRT-NAVY-M × 2, or --sku lines)
  member-sale          a member sale spending 100 points (--member / --customer-id)
  multi-line           colour × size lines, unit/subtotal/coupon/point discounts, an 8 % line
  update --id X        sale X edited on the register (newer updDateTime, changed memo)
  cancel --id X        sale X canceled (取消)
  return-cancel --id X sale X return-canceled: pushes the original (disposeDivision 1) and
                       the dispose record (disposeDivision 2, id --dispose-id or X+1)
  burst                --count distinct sales, --concurrency at a time
  file --file F        F holds the params object {"data":[…]} or an array of {head, details}

Options:
  --url URL            webhook (default $SMAREGI_WEBHOOK_URL or ${DEFAULT_WEBHOOK_URL})
  --agreement-id ID    merchant parameter (default $SMAREGI_AGREEMENT_ID or ${DEFAULT_AGREEMENT_ID})
  --agreement-in W     body (default) or query
  --id N               transactionHeadId (default: a fresh time-based id; first id for burst)
  --dispose-id N       id of the dispose record for return-cancel
  --base S             the scenario sale X was pushed with, rebuilt by update/cancel/
                       return-cancel: sale (default), member-sale or multi-line; pass the
                       same --sku/--member/--customer-id/--store-id options as for the original
  --member CODE        customerCode of the member
  --customer-id N      customerId of the member
  --store-id N         Smaregi storeId (default 1)
  --sku CODE[:QTY[:PRICE]]  a line; repeatable (e.g. --sku TSHIRT-NAVY-M:2:5500)
  --count N            number of sales for burst (default 10)
  --concurrency C      requests in flight at once (default 5 for burst, else 1)
  --repeat N           send every request N times (redelivery / idempotency tests)
  --ascii-escape       write non-ASCII as \\uXXXX inside params, as Smaregi may
  --file F             payload file for the file scenario
  --dry                print the requests instead of sending them
  --help               this text

Platform API (--api platform):
  Instead of the v2 push, each request puts its sales into the fake Platform API
  (npm run fake-smaregi-platform) with POST /__fake/transactions
  and has it deliver the IDs-only webhook {contractId, event, action, transactionHeadIds} to --url
  with Smaregi-Contract-Id, Smaregi-Event: pos:transactions, Smaregi-Event-Id (kept by --repeat)
  and the shared secret header. update/cancel send action "edited"; the rest "created".
  --agreement-id, --agreement-in and --ascii-escape are v2 only; file takes {head, details} entries.
  --api A              v2 (default) or platform
  --url URL            the store's Platform webhook (default $SMAREGI_PLATFORM_WEBHOOK_URL or
                       ${DEFAULT_PLATFORM_WEBHOOK_URL})
  --platform-url URL   the fake Platform API (default $SMAREGI_PLATFORM_API_URL or ${DEFAULT_PLATFORM_API_URL})
  --contract-id ID     Smaregi-Contract-Id (default $SMAREGI_CONTRACT_ID or ${DEFAULT_PLATFORM_CONTRACT_ID})
  --secret S           the shared secret (default $SMAREGI_WEBHOOK_SECRET; none when unset)
  --secret-header H    its header (default $SMAREGI_WEBHOOK_SECRET_HEADER or ${DEFAULT_SECRET_HEADER})

Prints one line per request: status, transactionHeadId(s), response body (truncated).
Exits 1 if any request failed or got a non-2xx answer.`
