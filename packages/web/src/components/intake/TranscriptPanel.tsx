import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ContactChannel } from '@continuum/domain';
import { isApiError, newIdempotencyKey } from '@continuum/sdk';
import { formatWhen } from '../../datetime.ts';
import { describeWriteError } from '../../form-issues.ts';
import { useNow } from '../../use-now.ts';
import { useSendMessage, useTranscript } from '../../use-transcript.ts';
import './transcript.css';

interface TranscriptPanelProps {
  incidentId: string;
  channel: Exclude<ContactChannel, 'call'>;
  /** Whether the reader may type replies (`contact.message`); reading alone shows the list. */
  maySend: boolean;
}

/**
 * A text or chat contact's conversation (issue 11 §2): the person's messages and the counsellor's
 * replies in the order they were sent, live from the feed. Enter sends, Shift+Enter adds a line;
 * one idempotency key per message typed, so a retry after a dropped answer records it once.
 */
export function TranscriptPanel({ incidentId, channel, maySend }: TranscriptPanelProps) {
  const transcript = useTranscript(incidentId, true);
  const send = useSendMessage(incidentId);
  const now = useNow(30_000);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const list = useRef<HTMLOListElement>(null);
  const items = transcript.data?.items ?? [];
  const words = channel === 'text' ? 'Text messages' : 'Chat';

  // The newest message in view, as in any messaging app.
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = draft.trim();
    if (!body || send.isPending) return;
    setProblem(null);
    try {
      await send.mutateAsync({ body, idempotencyKey: key.current });
      key.current = newIdempotencyKey();
      setDraft('');
    } catch (error) {
      const said = describeWriteError(error, ['body']);
      setProblem(`Not sent. ${[...Object.values(said.fields), ...said.general].join(' ')}`);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  };

  if (transcript.isError) {
    const hidden = isApiError(transcript.error, 'forbidden');
    return (
      <section className="transcript" aria-labelledby="transcript-title" data-testid="transcript">
        <h2 id="transcript-title">{words}</h2>
        <p className="empty" data-testid="transcript-error">
          {hidden ? 'The conversation is clinical information your access to this contact does not include.' : 'The conversation could not be loaded; it refreshes as messages arrive.'}
        </p>
      </section>
    );
  }

  return (
    <section className="transcript" aria-labelledby="transcript-title" data-testid="transcript">
      <h2 id="transcript-title">{words}</h2>
      {transcript.isPending ? (
        <p className="empty">Loading the conversation…</p>
      ) : items.length === 0 ? (
        <p className="empty" data-testid="transcript-empty">No messages yet. The person’s messages appear here as they arrive.</p>
      ) : (
        <ol ref={list} className="transcript-list" aria-live="polite" aria-label="Messages, oldest first" data-testid="transcript-list">
          {items.map((m) => (
            <li key={m.id} className={`message message-${m.direction}`} data-testid="transcript-message" data-direction={m.direction}>
              <span className="message-who">{m.direction === 'inbound' ? 'Person' : `You · ${m.recordedBy}`}</span>
              <p className="message-body">{m.body}</p>
              <span className="message-when">{formatWhen(m.sentAt, now)}</span>
            </li>
          ))}
        </ol>
      )}
      {maySend && (
        <form className="transcript-reply" onSubmit={submit} noValidate>
          <label className="field">
            <span className="field-label">Reply</span>
            <textarea
              rows={2} maxLength={4000} value={draft} data-testid="transcript-input" aria-describedby="transcript-hint"
              onChange={(e) => {
                setDraft(e.target.value);
                key.current = newIdempotencyKey();
              }}
              onKeyDown={onKeyDown}
            />
            <span id="transcript-hint" className="field-hint">Enter sends; Shift+Enter adds a line.</span>
          </label>
          <button type="submit" className="button button-primary" disabled={send.isPending || draft.trim() === ''} data-testid="transcript-send">
            {send.isPending ? 'Sending…' : 'Send'}
          </button>
          {problem && <p className="form-error" role="alert" data-testid="transcript-problem">{problem}</p>}
        </form>
      )}
    </section>
  );
}
