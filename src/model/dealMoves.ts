// The sales funnel's stages and the rule of a move (SPEC §9): each channel has its own
// stages; open ones are ordered by position, won and lost ones have no place in that order.
// A deal starts in its channel's first open stage; a move back (to an open stage of a lower
// position), to a lost stage, or out of a won or lost stage needs a reason. Pure: the import's
// rules, `crm deals move` and the funnel report share it.
import type { StageInfo } from './types.js';
import { t } from '../i18n/index.js';

export type { StageInfo };

export type MoveKind = 'forward' | 'back' | 'won' | 'lost' | 'reopen' | 'same';

/** Channel and stage names as people type them: "Розница" is "розница". */
export const fold = (name: string): string => name.trim().toLocaleLowerCase('ru');

/** The stages of every channel, looked up by channel and stage name, whatever their case. */
export class ChannelStages {
  /** Folded channel + stage → every stage spelled so (two when a channel has "Offer" and "offer"). */
  private readonly byKey = new Map<string, StageInfo[]>();
  private readonly byChannel = new Map<string, StageInfo[]>();

  constructor(stages: readonly StageInfo[]) {
    for (const s of stages) {
      const key = `${fold(s.channel)}\u0001${fold(s.stage)}`;
      const same = this.byKey.get(key);
      if (same) same.push(s);
      else this.byKey.set(key, [s]);
      const list = this.byChannel.get(fold(s.channel));
      if (list) list.push(s);
      else this.byChannel.set(fold(s.channel), [s]);
    }
    for (const list of this.byChannel.values()) list.sort(stageOrder);
  }

  /** The stage so named in any case: the one spelled exactly so first; undefined when none, or several and none exactly so. */
  of(channel: string, stage: string): StageInfo | undefined {
    const found = this.spelled(channel, stage);
    return found.find((s) => s.stage === stage.trim()) ?? (found.length === 1 ? found[0] : undefined);
  }

  /** The stages of the channel whose names match `stage` in any case (more than one: an ambiguous spelling, unless one is exact). */
  spelled(channel: string, stage: string): StageInfo[] {
    return this.byKey.get(`${fold(channel)}\u0001${fold(stage)}`) ?? [];
  }

  /** The channel as its stages spell it (undefined: no such channel). */
  channelName(channel: string): string | undefined {
    return this.byChannel.get(fold(channel))?.[0]?.channel;
  }

  /** A channel's stages: open ones by position, then won, then lost. */
  stagesOf(channel: string): StageInfo[] {
    return this.byChannel.get(fold(channel)) ?? [];
  }

  openStages(channel: string): StageInfo[] {
    return this.stagesOf(channel).filter((s) => s.outcome === 'open');
  }

  /** Where a new deal of the channel starts. */
  firstOpen(channel: string): StageInfo | undefined {
    return this.openStages(channel)[0];
  }

  channels(): string[] {
    return [...this.byChannel.values()].map((list) => list[0]!.channel).sort();
  }

  has(channel: string): boolean {
    return this.byChannel.has(fold(channel));
  }
}

const OUTCOME_ORDER = { open: 0, won: 1, lost: 2 } as const;

function stageOrder(a: StageInfo, b: StageInfo): number {
  return OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || (a.position ?? 1e9) - (b.position ?? 1e9) || (a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0);
}

export function moveKind(from: StageInfo, to: StageInfo): MoveKind {
  if (from.id === to.id) return 'same';
  if (to.outcome === 'lost') return 'lost';
  if (to.outcome === 'won') return 'won';
  if (from.outcome !== 'open') return 'reopen';
  return (to.position ?? 0) < (from.position ?? 0) ? 'back' : 'forward';
}

/** A backward move in the funnel's sense: from an open stage to an open stage of a lower position. */
export const isBackward = (from: StageInfo, to: StageInfo): boolean => moveKind(from, to) === 'back';


/** What is wrong with moving from one stage to another with this reason, or null. */
export function moveProblem(from: StageInfo, to: StageInfo, reason: string | null | undefined): string | null {
  const kind = moveKind(from, to);
  if (kind === 'same') return t('deals.moveSame', to.stage);
  if (reason) return null;
  if (kind === 'back') return t('deals.moveBack', from.stage, from.position, from.outcome, to.stage, to.position, to.outcome);
  if (kind === 'lost') return t('deals.moveLost', to.stage);
  // out of a won or lost stage, wherever to (another outcome included): a reopening, which needs its reason
  if (kind === 'reopen' || from.outcome !== 'open') return t('deals.moveReopen', from.stage, from.position, from.outcome);
  return null;
}

/** A stay of a deal in one stage: from the day it came (its own date for the first) until the next move (null: still there). */
export interface Visit {
  stage: StageInfo;
  from: string;
  until: string | null;
  /** How it came: `start` for the first stage, else the kind of the move. */
  move: MoveKind | 'start';
  reason: string | null;
  note: string | null;
}

/**
 * The path of one deal through its channel's stages: it starts in the first open stage on its
 * date; each move (in date order, moves to the stage it is in skipped) opens a new visit.
 * Empty when the channel has no open stage.
 */
export function dealVisits(
  stages: ChannelStages,
  deal: { channel: string; date: string },
  moves: readonly { date: string; stageId: number; reason?: string | null; note?: string | null }[],
  byId: ReadonlyMap<number, StageInfo>,
): Visit[] {
  const first = stages.firstOpen(deal.channel);
  if (!first) return [];
  const visits: Visit[] = [{ stage: first, from: deal.date, until: null, move: 'start', reason: null, note: null }];
  for (const m of [...moves].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    const to = byId.get(m.stageId);
    const last = visits[visits.length - 1]!;
    if (!to || to.id === last.stage.id) continue;
    last.until = m.date;
    visits.push({ stage: to, from: m.date, until: null, move: moveKind(last.stage, to), reason: m.reason ?? null, note: m.note ?? null });
  }
  return visits;
}
