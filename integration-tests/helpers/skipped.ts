/** A placeholder the reporter counts as skipped, titled with why and how to fix it (never used under CI=true). */
export function reportSkipped(title: string, why: string): void {
  describe.skip(`${title} (${why})`, () => {
    it(title, () => undefined)
  })
}
