import type { Page } from '../paging.js';
import type { ReportFigures, ReportFiguresQuery } from '../reports/figures.js';
import type { SittingFilter, SittingSummary } from './list-sittings.js';
import type { FollowUpQuery, ReceiptFilter } from './list-pages.js';
import type {
  Alliance,
  Applicant,
  Application,
  Award,
  AwardMoney,
  Decision,
  Disbursement,
  FollowUp,
  GrantReturn,
  PanelMember,
  Receipt,
  Sitting,
} from './model.js';

export interface ApplicationFilter {
  statuses?: readonly Application['status'][];
  from?: string;
  to?: string;
  /** The start of the applicant's reference. */
  reference?: string;
}
export interface AwardFilter {
  from?: string;
  to?: string;
  reference?: string;
}

/** What Small Sparks reads. Writes go through `Store.commit` as `SparksWrite`s. */
export interface SparksStore {
  getAlliance(id: string): Promise<Alliance | null>;
  listReceipts(allianceId: string): Promise<Receipt[]>;
  getReceipt(id: string): Promise<Receipt | null>;
  /** A page of receipts in received-date order (`limit + 1` rows). */
  pageReceipts(allianceId: string, q: ReceiptFilter, page: Page): Promise<Receipt[]>;
  /** A page of follow-ups in due-date order, then award id (`limit + 1` rows). */
  pageFollowUps(allianceId: string, q: FollowUpQuery, page: Page): Promise<FollowUp[]>;
  listPanelMembers(allianceId: string): Promise<PanelMember[]>;
  /** A keyset page in the order they joined, `page.limit + 1` rows; serving or retired only. */
  pagePanelMembers(
    allianceId: string,
    q: { state?: 'serving' | 'retired' },
    page: Page,
  ): Promise<PanelMember[]>;
  getPanelMembers(ids: readonly string[]): Promise<PanelMember[]>;
  getApplicant(id: string): Promise<Applicant | null>;
  /** The alliance's applicant with exactly this reference (a unique index), or null. */
  applicantByReference(allianceId: string, reference: string): Promise<Applicant | null>;
  listApplicants(allianceId: string): Promise<Applicant[]>;
  /** The applicants named, in one read (any alliance: the caller checks). */
  getApplicants(ids: readonly string[]): Promise<Applicant[]>;
  getApplication(id: string): Promise<Application | null>;
  /** In received-date order; at most `limit` when given (the longest waiting first). */
  listApplications(
    allianceId: string,
    statuses: readonly Application['status'][] | null,
    limit?: number,
  ): Promise<Application[]>;
  /** A page of applications in received-date order (`limit + 1` rows: one more says "next"). */
  pageApplications(allianceId: string, q: ApplicationFilter, page: Page): Promise<Application[]>;
  /** One applicant's applications, the latest received first, at most `limit` (any alliance). */
  latestApplicationsOf(applicantId: string, limit: number): Promise<Application[]>;
  /** A page of awards in awarded-date order (`limit + 1` rows). */
  pageAwards(allianceId: string, q: AwardFilter, page: Page): Promise<Award[]>;
  /** A page of applicants in reference order (`limit + 1` rows). */
  pageApplicants(allianceId: string, q: { reference?: string }, page: Page): Promise<Applicant[]>;
  getSitting(id: string): Promise<Sitting | null>;
  /** A page of the alliance's sittings, latest first (`limit + 1` rows), with their counts. */
  pageSittings(allianceId: string, q: SittingFilter, page: Page): Promise<SittingSummary[]>;
  /** Every decision made at a sitting, in the order made: its minutes. */
  listSittingDecisions(sittingId: string): Promise<Decision[]>;
  listDecisions(applicationId: string): Promise<Decision[]>;
  /**
   * Per application of the alliance: the day it was first decided (a deferral is not a decision)
   * and the day its award was first paid, in one read whatever the number of applications.
   */
  applicationTimes(
    allianceId: string,
  ): Promise<Map<string, { decidedOn: string | null; firstPaidOn: string | null }>>;
  /** The reports' counts and sums for applications received in a period, done in SQL. */
  reportFigures(q: ReportFiguresQuery): Promise<ReportFigures>;
  getAward(id: string): Promise<Award | null>;
  /** The awards named, in one read (any alliance: the caller checks). */
  getAwards(ids: readonly string[]): Promise<Award[]>;
  getAwardByApplication(applicationId: string): Promise<Award | null>;
  listAwards(allianceId: string): Promise<Award[]>;
  /** Per award: paid, returned, cancelled and outstanding, read from the ledger. */
  awardMoney(awardIds: readonly string[]): Promise<Map<string, AwardMoney>>;
  listDisbursements(awardId: string): Promise<Disbursement[]>;
  listReturns(awardId: string): Promise<GrantReturn[]>;
  getFollowUp(awardId: string): Promise<FollowUp | null>;
  listFollowUps(allianceId: string): Promise<FollowUp[]>;
  /** Awards not cancelled with money still to pay: the ledger's award balance, not a sum. */
  unpaidAwards(allianceId: string, limit?: number): Promise<Award[]>;
  /** The follow-ups of the awards named, in one read. */
  followUpsOf(awardIds: readonly string[]): Promise<FollowUp[]>;
  /** Follow-ups still due by `date` (inclusive), soonest first. */
  followUpsDueBy(allianceId: string, date: string, limit?: number): Promise<FollowUp[]>;
  /** How many of each the working list shows: counted in SQL, in one read. */
  openCounts(
    allianceId: string,
    dueBy: string,
  ): Promise<{ awaitingDecision: number; awaitingPayment: number; followUpsDue: number }>;
  /** Follow-ups still due before `date` on any award to the applicant, soonest first. */
  overdueFollowUps(applicantId: string, date: string): Promise<FollowUp[]>;
  /**
   * Sums of the fund's and the award accounts' postings by reason code, in pence (debit
   * positive), and of the restricted receipts' amounts: two reads of totals the ledger keeps as
   * it posts, whatever the number of awards and payments.
   */
  fundFlows(allianceId: string): Promise<{
    fund: Record<string, number>;
    awards: Record<string, number>;
    fundBalanceMinor: number;
    awardsBalanceMinor: number;
    restrictedReceivedMinor: number;
  }>;
}

export type SparksWrite =
  | { kind: 'alliance_create'; alliance: Alliance }
  | { kind: 'alliance_update'; alliance: Alliance }
  | { kind: 'receipt'; receipt: Receipt }
  | { kind: 'panel_member'; member: PanelMember }
  | { kind: 'panel_member_retire'; memberId: string; retiredOn: string }
  | { kind: 'follow_up_extend'; awardId: string; dueOn: string }
  | { kind: 'applicant'; applicant: Applicant }
  | { kind: 'applicant_contact'; applicantId: string; name: string | null; contact: string | null }
  | { kind: 'application'; application: Application }
  | { kind: 'application_status'; applicationId: string; status: Application['status'] }
  | { kind: 'sitting'; sitting: Sitting }
  | {
      kind: 'conflict';
      sittingId: string;
      applicationId: string;
      memberId: string;
      declaredAt: string;
    }
  | { kind: 'decision'; decision: Decision }
  | { kind: 'award'; award: Award }
  | { kind: 'follow_up'; followUp: FollowUp }
  | { kind: 'follow_up_close'; followUp: FollowUp }
  | { kind: 'disbursement'; disbursement: Disbursement }
  | { kind: 'award_cancel'; awardId: string; cancelledOn: string; reason: string }
  | { kind: 'grant_return'; grantReturn: GrantReturn };
