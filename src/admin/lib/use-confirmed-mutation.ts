import { toast, usePrompt } from "@medusajs/ui"
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage } from "./api"
import { useT } from "./i18n"

type ConfirmedMutationOptions<T> = {
  confirm: { title: string; description: string; confirmText: string }
  mutationFn: () => Promise<T>
  /** Tells the operator how it went (a toast); the queries are refreshed after it. */
  onSuccess: (result: T) => void
  invalidate: QueryKey
}

/** A bulk action behind a confirm prompt: failures become an error toast, success refreshes the `invalidate` queries. */
export function useConfirmedMutation<T>({ confirm, mutationFn, onSuccess, invalidate }: ConfirmedMutationOptions<T>) {
  const t = useT()
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const mutation = useMutation({
    mutationFn,
    onSuccess: async (result) => {
      onSuccess(result)
      await queryClient.invalidateQueries({ queryKey: invalidate })
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const run = async () => {
    const ok = await prompt({ ...confirm, cancelText: t("common.cancel") })
    if (ok) mutation.mutate()
  }
  return { run, isPending: mutation.isPending }
}
