export { enqueueMemberSyncWorkflow, type EnqueueMemberSyncInput } from "./enqueue-member-sync"
export { pushMembersWorkflow, type PushMembersInput, type PushMembersResult } from "./push-members"
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
export { pushDueMembers, requestMemberFlush } from "./flush"
export { memberSyncTiming, type MemberSyncTiming } from "./config"
