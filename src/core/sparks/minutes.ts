import type { ServiceContext } from '../context.js';
import { inAlliance } from '../policy.js';
import { formatMinor } from '../money.js';
import { PANEL_WORK, ownAlliance, type SparksDeps } from './common.js';
import type { Domain, Outcome } from './model.js';

export interface MinutesDecision {
  applicationId: string;
  applicantId: string;
  applicantReference: string;
  /** The name the person gave (initials are made from it by whoever prints the minutes). */
  applicantName: string | null;
  amountAsked: string;
  domain: Domain;
  outcome: Outcome;
  amount: string | null;
  /** What an award is for, or why the panel declined or deferred. */
  purpose: string | null;
  reason: string | null;
  decidingMembers: number;
  livedExperienceMembers: number;
}

/**
 * A sitting's minutes: the day, who sat (with lived experience marked), each conflict declared,
 * and every decision with its amount or its reason. Minutes carry the panel's words, so they are
 * for the panel and coordinators, never auditors (who read the fund statement and the register).
 */
export async function sittingMinutes(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  sittingId: string,
) {
  const alliance = await ownAlliance(deps, ctx, allianceId, PANEL_WORK, 'read minutes');
  const sitting = inAlliance(
    await deps.sparks.getSitting(sittingId),
    allianceId,
    'sitting_not_found',
    `sitting ${sittingId}`,
  );
  const [members, decisions, applicants] = await Promise.all([
    deps.sparks.listPanelMembers(allianceId),
    deps.sparks.listSittingDecisions(sittingId),
    deps.sparks.listApplicants(allianceId),
  ]);
  const memberName = new Map(members.map((m) => [m.id, m.name]));
  const applicantOf = new Map(applicants.map((a) => [a.id, a]));
  const applicationIds = [
    ...new Set([
      ...decisions.map((d) => d.applicationId),
      ...sitting.conflicts.map((c) => c.applicationId),
    ]),
  ];
  const applications = new Map(
    (await Promise.all(applicationIds.map((id) => deps.sparks.getApplication(id))))
      .filter((a) => a !== null)
      .map((a) => [a.id, a]),
  );
  const awards = new Map(
    (
      await Promise.all(
        decisions
          .filter((d) => d.outcome === 'award')
          .map((d) => deps.sparks.getAwardByApplication(d.applicationId)),
      )
    )
      .filter((a) => a !== null)
      .map((a) => [a.decisionId, a]),
  );
  const who = (applicationId: string) => {
    const application = applications.get(applicationId);
    const applicant = application ? applicantOf.get(application.applicantId) : undefined;
    return {
      applicantId: application?.applicantId ?? '',
      applicantReference: applicant?.reference ?? '',
      applicantName: applicant?.erasedAt ? null : (applicant?.name ?? null),
    };
  };
  return {
    alliance: { id: alliance.id, name: alliance.name, quorum: alliance.quorum },
    sitting: { id: sitting.id, heldOn: sitting.heldOn },
    members: sitting.members.map((m) => ({
      memberId: m.memberId,
      name: memberName.get(m.memberId) ?? null,
      livedExperience: m.livedExperience,
    })),
    conflicts: sitting.conflicts.map((c) => ({
      applicationId: c.applicationId,
      ...who(c.applicationId),
      memberId: c.memberId,
      memberName: memberName.get(c.memberId) ?? null,
    })),
    decisions: decisions.map((d): MinutesDecision => {
      const application = applications.get(d.applicationId);
      return {
        applicationId: d.applicationId,
        ...who(d.applicationId),
        amountAsked: formatMinor(application?.amountAskedMinor ?? 0),
        domain: application?.domain ?? 'community',
        outcome: d.outcome,
        amount: d.amountMinor === null ? null : formatMinor(d.amountMinor),
        purpose: awards.get(d.id)?.purpose ?? null,
        reason: d.reason,
        decidingMembers: d.decidingMembers,
        livedExperienceMembers: d.livedExperienceMembers,
      };
    }),
  };
}

export type SittingMinutes = Awaited<ReturnType<typeof sittingMinutes>>;
