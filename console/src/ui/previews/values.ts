// Reading a preview's details (stored JSON) defensively: a missing field shows as "—".

export const str = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : String(v));
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
