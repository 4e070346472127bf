// The use cases the web layer calls. Routes import them from here: a `.server` module is left
// out of the browser bundle whole, so nothing server-side (argon2, node:crypto, the database)
// is ever resolved for the browser.
export { createStaff } from "../../domain/accounts/create-staff";
export { beginTotpEnrollment, confirmTotpEnrollment } from "../../domain/accounts/enroll-totp";
export { findRoles } from "../../domain/accounts/find-account";
export { findStaff } from "../../domain/accounts/find-staff";
export { setStaffBranch } from "../../domain/accounts/set-staff-branch";
export { registerCustomer } from "../../domain/accounts/register-customer";
export { setLocale } from "../../domain/accounts/set-locale";
export { signInWithPassword } from "../../domain/accounts/sign-in";
export { endSessions, signOut } from "../../domain/accounts/sign-out";
export { verifySecondFactor } from "../../domain/accounts/verify-second-factor";
export { maskEmail, maskMobile } from "../../domain/identity/masking";
export { currentSessionId, findSessions, resolveSession } from "../../domain/sessions/sessions";
export { isAppError, type AppErrorCode } from "../../domain/errors";

// Mail: what the built-in mail catcher received, for admins at /admin/mail.
export { findCaughtMail, getCaughtMail } from "../../emails/caught-mail";

// Attachments of service requests: limits and checks for uploads, listing and downloads.
export {
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  MAX_FILES_PER_UPLOAD,
  type AttachmentContentType,
} from "../../domain/attachments/attachment-rules";
export { ATTACHMENTS_FIELD, validateUploads, type UploadedFile, type ValidatedUpload } from "../../domain/attachments/add-attachments";
export { hasAttachmentRole, isUuid, type AttachmentViewer } from "../../domain/attachments/attachment-access";
export { findAttachmentsForViewer } from "../../domain/attachments/find-attachments";
export { getAttachmentForViewer } from "../../domain/attachments/get-attachment";

// Service requests: submission and tracking by customers, review and approval at the desk.
export { provideInformation, withdrawRequest } from "../../domain/service-requests/customer-actions";
export { decideApproval } from "../../domain/service-requests/decide-approval";
export {
  findCustomerRequestPage,
  findRequestQueue,
  getCustomerRequest,
  getStaffRequest,
  trackRequest,
  type QueueFilter,
} from "../../domain/service-requests/find-requests";
export { REQUEST_NUMBER } from "../../domain/service-requests/request-schemas";
export {
  acceptRequest,
  addInternalNote,
  assignRequest,
  closeRequest,
  completeRequest,
  markSpecial,
  rejectInReview,
  requestInformation,
} from "../../domain/service-requests/review-request";
export { submitRequest } from "../../domain/service-requests/submit-request";
export { formPrefillFromChat } from "../../domain/conversations/form-from-chat";
export { revealStaffRequest } from "../../domain/service-requests/reveal-request";
export { canTransition, isUndecided } from "../../domain/service-requests/request-lifecycle";
export { REQUEST_STAFF_ROLES } from "../../domain/service-requests/request-access";
export { withinRateLimit } from "../../domain/rate-limit";

// The holiday calendar (admin).
export {
  CalendarDaySchema,
  CalendarYearSchema,
  findCalendarTable,
  publishCalendarYear,
  removeCalendarDay,
  setCalendarDay,
} from "../../domain/calendar/manage-calendar";
export {
  APPROVER_ROLES,
  CHAIN_KEYS,
  getRequestSettings,
  RequestSettingsSchema,
  updateRequestSettings,
} from "../../domain/service-requests/approval-chains";
export { findReviewers } from "../../domain/service-requests/review-request";

// The bot's approved knowledge base and the agents' canned replies (admin).
export { KNOWLEDGE_ANSWER_MAX, KNOWLEDGE_TITLE_MAX, KnowledgeEntrySchema } from "../../domain/knowledge/knowledge-schemas";
export { findKnowledgeEntries } from "../../domain/knowledge/find-knowledge-entries";
export { getKnowledgeEntry } from "../../domain/knowledge/get-knowledge-entry";
export { updateKnowledgeEntry } from "../../domain/knowledge/update-knowledge-entry";
export { CANNED_TEXT_MAX, CANNED_TITLE_MAX, CannedReplySchema } from "../../domain/canned-replies/canned-reply-schemas";
export { findCannedReplies, type CannedReplySummary } from "../../domain/canned-replies/find-canned-replies";
export { getCannedReply } from "../../domain/canned-replies/get-canned-reply";
export { createCannedReply } from "../../domain/canned-replies/create-canned-reply";
export { updateCannedReply } from "../../domain/canned-replies/update-canned-reply";
export { deleteCannedReply } from "../../domain/canned-replies/delete-canned-reply";

// Live chat: who takes chats, and the admin's maximum of chats per agent.
export { CHAT_ROLES, ChatSettingsSchema, getMaxChatsPerAgent, updateChatSettings } from "../../domain/conversations/chat-agents";

// Complaints: filing from the portal, and the customer's own list and timeline.
export { fileComplaint } from "../../domain/complaints/file-complaint";
export { findCustomerComplaints, getCustomerComplaint } from "../../domain/complaints/find-complaints";
export { acceptResolution, disputeResolution, requestReview } from "../../domain/complaints/customer-decision";

// Satisfaction surveys: answered through the emailed link or in the portal; their settings (admin).
export { answerSurvey } from "../../domain/surveys/answer-survey";
export { findPendingSurveys, getCustomerSurvey, getSurveyByToken, type SurveyView } from "../../domain/surveys/find-surveys";
export { getSurveySettings, SurveySettingsSchema, updateSurveySettings } from "../../domain/surveys/survey-settings";
export { ComplaintSettingsSchema, getComplaintSettings, updateComplaintSettings } from "../../domain/complaints/complaint-settings";

// The complaint desk: the queue, one complaint with what the viewer may do, investigation,
// approval, deadlines, and complaints taken down on a customer's behalf.
export { COMPLAINT_INTAKE_ROLES, COMPLAINT_READ_ROLES } from "../../domain/complaints/desk-complaint-access";
export { countDeskComplaints, findDeskComplaints, type DeskComplaintFilter } from "../../domain/complaints/find-desk-complaints";
export { getDeskComplaint } from "../../domain/complaints/get-desk-complaint";
export { getComplaintAttachment } from "../../domain/complaints/get-complaint-attachment";
export { assignInvestigator } from "../../domain/complaints/assign-investigator";
export { addComplaintNote } from "../../domain/complaints/add-complaint-note";
export { proposeResolution } from "../../domain/complaints/propose-resolution";
export { decideResolution } from "../../domain/complaints/decide-resolution";
export { extendDeadline } from "../../domain/complaints/extend-deadline";
export { changeComplaintSeverity } from "../../domain/complaints/change-complaint-severity";
export { fileComplaintOnBehalf, findCustomerForComplaint } from "../../domain/complaints/file-complaint-on-behalf";

// The quality dashboard: figures against the previous period, the weakest areas, the trend.
export { qualityQueryString, resolveQualityQuery } from "../../domain/quality/quality-filters";
export {
  computeDashboard,
  QUALITY_DASHBOARD_ROLES,
  trend as qualityTrend,
  weakestAreas,
  WEAKEST_MIN_VOLUME,
} from "../../domain/quality/dashboard-figures";
export { findDashboardOptions } from "../../domain/quality/find-dashboard-options";

// Quality reviewing: survey answers, their reviews and follow-ups, and the list's exports.
export { QUALITY_EXPORT_ROLES, QUALITY_READ_ROLES, QUALITY_REVIEW_ROLES } from "../../domain/quality/quality-access";
export { surveyFilterFrom, surveyFilterQuery, type SurveyFilter } from "../../domain/quality/survey-filters";
export { decodeCursor, findQualitySurveys, findSurveyAgents } from "../../domain/quality/find-quality-surveys";
export { getQualitySurvey } from "../../domain/quality/get-quality-survey";
export { reviewSurvey } from "../../domain/quality/review-survey";
export { revealSurveyCustomer } from "../../domain/quality/reveal-survey-customer";
export { findFollowUps } from "../../domain/quality/find-follow-ups";
export { assignFollowUp, findQualityReviewers } from "../../domain/quality/assign-follow-up";
export { noteFollowUp } from "../../domain/quality/note-follow-up";
export { closeFollowUp } from "../../domain/quality/close-follow-up";
export { exportSurveys, type ExportFormat, type ExportLabels } from "../../domain/quality/export-surveys";
export { exportKpis, type KpiLabels } from "../../domain/quality/export-kpis";

// The monthly service-quality report: the page, and the same report as a PDF.
export { getMonthlyReport, REPORT_ACTIONS_LIMIT, resolveReportMonth, type MonthlyReport } from "../../domain/quality/get-monthly-report";
export { exportMonthlyReport } from "../../domain/quality/export-monthly-report";
export type { ComplaintDimension } from "../../domain/quality/complaint-statistics";
export type { FigureUnit } from "../../domain/quality/dashboard-figures";

// Separate consent to the processing of sensitive personal financial information (PIPL art. 29).
export { getConsent } from "../../domain/consents/get-consent";
export { withdrawConsent } from "../../domain/consents/withdraw-consent";
export { PRIVACY_NOTICE_VERSION } from "../../domain/consents/consent-rules";
export type { ConsentGiven } from "../../domain/consents/consent-records";
// The customer's data rights: a copy of their data, and closing the account with its erasure,
// handled by compliance at /desk/privacy.
export { exportPersonalData, type PersonalDataFormat } from "../../domain/privacy/export-personal-data";
export { PRIVACY_DESK_ROLES } from "../../domain/privacy/privacy-access";
export { PrivacyDeskActionSchema, PrivacyRequestSchema } from "../../domain/privacy/privacy-schemas";
export { canTransition as canPrivacyTransition } from "../../domain/privacy/privacy-request-lifecycle";
export { submitPrivacyRequest } from "../../domain/privacy/submit-privacy-request";
export { findCustomerPrivacyRequests, findPrivacyQueue, getDeskPrivacyRequest } from "../../domain/privacy/find-privacy-requests";
export { startPrivacyRequest } from "../../domain/privacy/start-privacy-request";
export { refusePrivacyRequest } from "../../domain/privacy/refuse-privacy-request";
export { completePrivacyRequest } from "../../domain/privacy/complete-privacy-request";
