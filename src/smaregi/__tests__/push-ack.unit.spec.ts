import { smaregiAckBody } from "../push-ack"

describe("smaregiAckBody", () => {
  it.each([0, 1, 3])("imitates Smaregi's own answer for %i heads", (n) => {
    expect(smaregiAckBody(n)).toEqual({ result: [{ TransactionHead: n }] })
    expect(JSON.stringify(smaregiAckBody(n))).toBe(`{"result":[{"TransactionHead":${n}}]}`)
  })
})
