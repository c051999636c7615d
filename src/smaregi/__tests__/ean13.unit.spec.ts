import { eanCheckDigit, isValidEan13 } from "../ean13"

describe("EAN-13", () => {
  it.each<[string, number]>([
    ["490123456789", 4],
    ["400638133393", 1],
    ["978030640615", 7],
    ["000000000000", 0],
  ])("eanCheckDigit(%p) = %p", (digits, expected) => {
    expect(eanCheckDigit(digits)).toBe(expected)
  })

  it.each(["12345", "49000000001a", "4900000000123"])("eanCheckDigit(%p) throws", (digits) => {
    expect(() => eanCheckDigit(digits)).toThrow(RangeError)
  })

  it.each<[string, boolean]>([
    ["4901234567894", true],
    ["4901234567895", false],
    ["4006381333931", true],
    ["4006381333932", false],
    ["400638133393", false],
    ["40063813339311", false],
    ["M000000345", false],
  ])("isValidEan13(%p) = %p", (code, expected) => {
    expect(isValidEan13(code)).toBe(expected)
  })
})
