import { locateJsonError } from "../json-diagnostics"

describe("locateJsonError", () => {
  it.each<[string, number]>([
    ['{"a":1}', 7],
    ['{"a":1} x', 8],
    ['{"a":', 5],
    ['{"a":tru}', 8],
    ['{"a":"b\nc"}', 7],
    ["[1,2,,3]", 5],
    ['{"a":-}', 5],
    ["", 0],
  ])("%j fails at %i", (text, position) => {
    expect(locateJsonError(text)).toBe(position)
  })
})
