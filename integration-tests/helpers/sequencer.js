const path = require("node:path")
const Sequencer = require("@jest/test-sequencer").default

// Seconds each HTTP group took on the 2-core CI machine (docs/testing.md). Longest first lets two workers end
// together; jest's own timing cache does the same but is empty in every fresh clone.
const EXPECTED_SECONDS = {
  members: 155,
  pull: 102,
  sales: 90,
  admin: 78,
  "members-contract": 74,
  barcode: 71,
  points: 67,
  intake: 60,
  notices: 16,
}

class LongestGroupFirst extends Sequencer {
  sort(tests) {
    const expected = (test) => EXPECTED_SECONDS[path.basename(test.path).replace(/\.spec\.[jt]s$/, "")] ?? 0
    return super.sort(tests).sort((a, b) => expected(b) - expected(a))
  }
}

module.exports = LongestGroupFirst
