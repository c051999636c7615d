export { enqueueMemberSyncWorkflow, type EnqueueMemberSyncInput } from "./enqueue-member-sync"
export { syncMembersWorkflow, type SyncMembersInput, type SyncMembersResult } from "./sync-members"
export { deleteMemberWorkflow, removeMember } from "./delete-member"
export {
  startMemberBackfillWorkflow,
  stopMemberBackfillWorkflow,
  runMemberBackfill,
  runMemberBackfillInBackground,
  resumeStaleBackfills,
  type StartBackfillInput,
  type StartBackfillResult,
} from "./backfill"
export { requestMemberSync, type RequestMemberSyncOptions } from "./request-member-sync"
export { syncDueMembers, requestMemberFlush } from "./flush"
export { memberSyncTiming, type MemberSyncTiming } from "./config"
