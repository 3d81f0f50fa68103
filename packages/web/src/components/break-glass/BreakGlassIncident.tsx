import { useEffect, useRef, type ReactNode } from 'react';
import type { BreakGlassView } from '@continuum/sdk';
import { formatUntil } from '../../break-glass.ts';
import { describeHidden, ENTRY_POINT_LABELS, formatAge, formatReceived, formatRisk, STATUS_LABELS } from '../../format.ts';
import { fieldClassName, formatStamp } from '../../privacy-labels.ts';
import './break-glass.css';

/** A record opened by break-glass, read-only, under a banner saying until when; gone once access ends. */
export function BreakGlassIncident({ view, now, onClose }: { view: BreakGlassView; now: Date; onClose: () => void }) {
  const { incident, expiresAt } = view;
  const ref = useRef<HTMLElement>(null);
  // The record is what the supervisor asked for: take them to it, keyboard focus included.
  useEffect(() => ref.current?.focus(), [incident.id]);
  const ended = now.getTime() >= new Date(expiresAt).getTime();

  return (
    <section ref={ref} className="break-glass-record" tabIndex={-1} aria-labelledby="break-glass-record-title" data-testid="break-glass-record" data-incident-id={incident.id}>
      <div className={`break-glass-banner${ended ? ' is-ended' : ''}`} role="status" data-testid="break-glass-banner">
        <span>
          {ended ? `Break-glass access ended at ${formatUntil(expiresAt)}` : `Opened by break-glass until ${formatUntil(expiresAt)}`}
        </span>
        <button type="button" className="button" onClick={onClose} data-testid="break-glass-record-close">
          Close record
        </button>
      </div>
      <h2 id="break-glass-record-title">
        Incident <code title={incident.id}>{incident.id}</code>
      </h2>
      {ended ? (
        <p className="muted">Open it again with a new reason if you still need it; each opening is alerted and audited.</p>
      ) : (
        <dl className="break-glass-fields">
          <Item label="Status" testId="status">
            <span className={`badge status-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
          </Item>
          <Item label="Came in on" testId="entry">{ENTRY_POINT_LABELS[incident.entryPoint]}</Item>
          <Item label="Received" testId="received">
            <time dateTime={incident.receivedAt} title={formatStamp(incident.receivedAt)}>{formatReceived(incident.receivedAt, now)}</time>
            <span className="cell-sub">{formatAge(incident.receivedAt, now)}</span>
          </Item>
          <Item label="Risk level" testId="risk">
            <span className={`risk risk-${incident.riskLevel ?? 'none'}`}>{formatRisk(incident.riskLevel)}</span>
          </Item>
          <Item label="Location" testId="location">{incident.location?.address ?? <Hidden text={describeHidden(incident, 'location_safety')} />}</Item>
          <Item label="Callback" testId="callback">{incident.callbackNumber ?? <Hidden text={describeHidden(incident, 'location_safety')} />}</Item>
          <Item label="Summary" testId="summary" wide>{incident.summary ?? <Hidden text={describeHidden(incident, 'clinical')} />}</Item>
          <Item label="Hidden from your role" testId="redacted" wide>
            {incident.redacted.length === 0
              ? 'Nothing: you see every field of this record.'
              : incident.redacted.map(fieldClassName).join(', ')}
          </Item>
        </dl>
      )}
    </section>
  );
}

function Item({ label, testId, wide, children }: { label: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'is-wide' : undefined}>
      <dt>{label}</dt>
      <dd data-testid={`break-glass-${testId}`}>{children}</dd>
    </div>
  );
}

function Hidden({ text }: { text: string }) {
  return <span className="hidden-field" title="Your role may not read this kind of information">{text}</span>;
}
