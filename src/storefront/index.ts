// `medusa-plugin-smaregi/storefront`: framework-free (no React); the component is `medusa-plugin-smaregi/storefront/react`.
export * from "./fetch-member-barcode"
export * from "./view"
export * from "./element"
