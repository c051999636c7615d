export { enqueueMemberSyncWorkflow, type EnqueueMemberSyncInput, type EnqueueMemberSyncResult } from "./enqueue-member-sync"
export { syncMembersWorkflow, type SyncMembersInput, type SyncMembersResult } from "./sync-members"
export { deleteMemberWorkflow, removeMember } from "./delete-member"
export {
  startMemberBackfillWorkflow,
  stopMemberBackfillWorkflow,
  runMemberBackfill,
  requestMemberBackfill,
  resumeStaleBackfills,
  type StartBackfillInput,
  type StartBackfillResult,
} from "./backfill"
export { requestMemberSync, type RequestMemberSyncOptions } from "./request-member-sync"
export { scheduleMemberSync } from "./wake"
export { memberSyncTiming, type MemberSyncTiming } from "./config"
