import en from "./en"
import ja from "./ja"

// Medusa's dashboard deep-merges this into its react-i18next resources (admin-vite-plugin's i18n virtual module);
// our strings live in their own namespace, read with useT() (lib/i18n.ts).
export default {
  en: { smaregi: en },
  ja: { smaregi: ja },
}
