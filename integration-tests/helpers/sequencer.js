const path = require("node:path")
const Sequencer = require("@jest/test-sequencer").default

// Seconds each HTTP group took on the 2-core CI machine (docs/testing.md). Longest first lets two workers end
// together; jest's own timing cache does the same but is empty in every fresh clone.
const EXPECTED_SECONDS = {
  members: 90,
  pull: 52,
  sales: 46,
  admin: 21,
  "members-contract": 57,
  barcode: 19,
  points: 25,
  intake: 23,
  notices: 10,
}

class LongestGroupFirst extends Sequencer {
  sort(tests) {
    const expected = (test) => EXPECTED_SECONDS[path.basename(test.path).replace(/\.spec\.[jt]s$/, "")] ?? 0
    return super.sort(tests).sort((a, b) => expected(b) - expected(a))
  }
}

module.exports = LongestGroupFirst
