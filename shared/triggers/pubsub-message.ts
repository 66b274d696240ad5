import { z } from 'zod';
import { AppError } from '../errors';

// The Pub/Sub message as it reaches us: in a push request body ({message, subscription}), or as
// the data of an Eventarc CloudEvent (google.cloud.pubsub.topic.v1.messagePublished), whose data
// has the same {message, subscription} shape. Both spellings of the id exist on the wire.
// https://cloud.google.com/pubsub/docs/push#receive_push

const Message = z.looseObject({
  data: z.string().default(''),
  attributes: z.record(z.string(), z.string()).default({}),
  messageId: z.string().min(1).optional(),
  message_id: z.string().min(1).optional(),
  publishTime: z.string().optional(),
});

export const PushEnvelope = z.looseObject({ message: Message, subscription: z.string().default('') });

export interface PubSubMessage {
  id: string;
  subscription: string;
  attributes: Record<string, string>;
  /** The decoded payload bytes. */
  data: Buffer;
  publishTime?: string;
}

/** `fallbackId`: the CloudEvent id, which Eventarc sets to the message id. */
export function toPubSubMessage(body: unknown, fallbackId?: string): PubSubMessage {
  const parsed = PushEnvelope.safeParse(body);
  if (!parsed.success) throw new AppError('invalid_input', 'Not a Pub/Sub push body.', { details: { issues: parsed.error.issues } });
  const m = parsed.data.message;
  const id = m.messageId ?? m.message_id ?? fallbackId;
  if (!id) throw new AppError('invalid_input', 'The Pub/Sub message has no messageId.');
  return { id, subscription: parsed.data.subscription, attributes: m.attributes, data: Buffer.from(m.data, 'base64'), publishTime: m.publishTime };
}

/** The message's payload, JSON-decoded and parsed with `schema`. */
export function messageJson<T extends z.ZodType>(message: PubSubMessage, schema: T): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(message.data.toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'The Pub/Sub message data is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('invalid_input', 'The Pub/Sub message data has an unexpected shape.', { details: { issues: parsed.error.issues } });
  return parsed.data;
}
