import type en from "../en"

type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> }

/** The shape of en with every string free: a missing or extra key is a type error. */
export type Ja = Dictionary<typeof en>
