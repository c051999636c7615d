// The Medusa Next.js Starter's auth-header helper (src/lib/data/cookies.ts), reduced to what the card uses.
import { cookies } from "next/headers"

export const getAuthHeaders = async (): Promise<{ authorization: string } | {}> => {
  try {
    const cookieStore = await cookies()
    const token = cookieStore.get("_medusa_jwt")?.value
    if (!token) return {}
    return { authorization: `Bearer ${token}` }
  } catch {
    return {}
  }
}
