import { useCallback } from "react"
import { useSearchParams } from "react-router-dom"

/**
 * The row whose drawer is open, kept in `?id=` so a link (a failure e-mail's, a bookmark) opens it directly
 * and closing the drawer takes it out of the address.
 */
export function useOpenId(): [string | null, (id: string | null) => void] {
  const [params, setParams] = useSearchParams()
  const setOpenId = useCallback(
    (id: string | null) =>
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous)
          if (id) next.set("id", id)
          else next.delete("id")
          return next
        },
        { replace: true }
      ),
    [setParams]
  )
  return [params.get("id"), setOpenId]
}
