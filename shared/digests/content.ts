import { AppError } from '../errors';
import type { Logger } from '../log';

// What one digest holds, section by section. A section that could not be read carries a short
// reason instead of failing the whole digest — except when the Google connection needs the user
// to reconnect, which turns the whole digest into a reconnect notice (see worker.ts).

export interface DigestContent {
  localDate: string;
  timeZone: string;
  calendar?:
    | {
        events: { start: string; allDay: boolean; summary: string; location?: string }[];
        changes: { summary: string; status: string; start: string }[];
        fullResync: boolean;
      }
    | SectionError;
  email?:
    | {
        newCount: number;
        unreadCount: number;
        /** category: from mail sorting (absent when unsorted); sortNotice: why some are unsorted. */
        top: { from: string; subject: string; snippet: string; category?: string }[];
        sortNotice?: string;
      }
    | SectionError;
  orders?: { changes: { orderId: string; status: string; merchant: string; total: string; updatedAt: string }[] } | SectionError;
  youtube?: { searches: { query: string; videos: { title: string; url: string; channel: string }[] }[] } | SectionError;
  summary?: string;
}

export interface SectionError {
  unavailable: string;
}

export function isSectionError(v: unknown): v is SectionError {
  return typeof v === 'object' && v !== null && 'unavailable' in v;
}

/** Runs one section; only reauth_required escapes (the whole digest becomes a reconnect notice). */
export async function section<T>(name: string, log: Logger, build: () => Promise<T>): Promise<T | SectionError> {
  try {
    return await build();
  } catch (e) {
    if (e instanceof AppError && e.code === 'reauth_required') throw e;
    if (e instanceof AppError && e.code === 'not_connected') return { unavailable: e.message };
    log.warn('digest section unavailable', { section: name, code: e instanceof AppError ? e.code : 'internal', err: e });
    return { unavailable: 'Temporarily unavailable.' };
  }
}
