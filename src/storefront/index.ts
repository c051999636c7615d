export * from "./fetch-member-barcode"
export * from "./view"
export * from "./element"
export * from "./react"
