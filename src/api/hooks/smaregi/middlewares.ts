import type { MiddlewareRoute } from "@medusajs/framework/http"

// The webhook reads its own body (transactions/read-body.ts): the size limit comes from the module
// options at request time, an oversized body gets a JSON 413, and an unparseable body is still stored.
export const middlewares: MiddlewareRoute[] = [
  { matcher: "/hooks/smaregi/transactions", methods: ["POST"], bodyParser: false },
  { matcher: "/hooks/smaregi/platform", methods: ["POST"], bodyParser: false },
]
