import { runHttpGroup } from "../helpers/runner"
import { HTTP_GROUPS } from "./groups"

runHttpGroup(HTTP_GROUPS.find((g) => g.name === "barcode")!, HTTP_GROUPS)
