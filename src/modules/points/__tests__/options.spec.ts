import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "node:path"
import { POINTS_MODULE } from ".."
import type PointsModuleService from "../service"

jest.setTimeout(60_000)

moduleIntegrationTestRunner<PointsModuleService>({
  moduleName: POINTS_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { allowNegative: true, onlineEarning: { ratePercent: 3 }, earnExpiryDays: 365 },
  testSuite: ({ service }) => {
    it("module options are the defaults of the settings", async () => {
      expect(await service.getSettings()).toEqual({
        allowNegative: true,
        onlineEarning: { enabled: false, ratePercent: 3 },
        earnExpiryDays: 365,
      })
    })

    it("with allowNegative a debt is recorded and paid off by the next points", async () => {
      await service.adjustPoints({ customer_id: "cus_a", amount: -40, reason: "returned goods after redeeming", actor: "user_1" })
      expect((await service.getBalance("cus_a")).balance).toBe(-40)
      await service.setSourcePoints({ source: "order:1", customer_id: "cus_a", version: "1", targets: { earn: 100 }, actor: "system" })
      const balance = await service.getBalance("cus_a")
      expect(balance.balance).toBe(60)
      expect(balance.nearest_expiry_points).toBe(60)
      const days = (Date.parse(balance.nearest_expiry as string) - Date.now()) / 86_400_000
      expect(Math.round(days)).toBe(365)
    })
  },
})
