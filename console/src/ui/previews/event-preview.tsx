import { list, str } from './values';

// An event as it will be created, its times shown in the person's own time zone (and the
// event's, when it names another), with who is invited and whether Google emails them.

export function EventPreview({ d }: { d: Record<string, unknown> }) {
  const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const attendees = list(d.attendees);
  const invites =
    d.send_updates === 'none' || attendees.length === 0 ? 'No invitations are sent.' : `Google emails an invitation to ${attendees.length} attendee(s).`;
  return (
    <div class="preview">
      <dl class="kv">
        <dt>Calendar</dt>
        <dd>
          {str(d.account)} ({str(d.calendar_id)})
        </dd>
        <dt>What</dt>
        <dd>{str(d.summary)}</dd>
        <dt>Starts</dt>
        <dd>{when(d.start, mine)}</dd>
        <dt>Ends</dt>
        <dd>{when(d.end, mine)}</dd>
        {d.time_zone && d.time_zone !== mine ? (
          <>
            <dt>Event time zone</dt>
            <dd>{str(d.time_zone)}</dd>
          </>
        ) : null}
        <dt>Where</dt>
        <dd>{str(d.location)}</dd>
        <dt>Attendees</dt>
        <dd>{attendees.length ? attendees.join(', ') : 'only you'}</dd>
        <dt>Invitations</dt>
        <dd>{invites}</dd>
      </dl>
      {d.description ? <pre class="body">{str(d.description)}</pre> : null}
    </div>
  );
}

function when(v: unknown, zone: string): string {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) return str(v);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).format(t);
  return `${local} (${zone})`;
}
