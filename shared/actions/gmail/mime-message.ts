import MailComposer from 'nodemailer/lib/mail-composer';

// Builds the RFC 5322 message Gmail sends, with nodemailer's composer: RFC 2047 encoded words
// for non-ASCII headers, quoted-printable/base64 bodies, multipart/alternative when there is HTML.
// Header values are CR/LF-free by the time they get here (the input schema rejects them).

export interface OutgoingMail {
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** A fixed Message-ID (angle brackets included); otherwise one is generated. */
  messageId?: string;
}

export async function buildMimeMessage(mail: OutgoingMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    bcc: mail.bcc,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    textEncoding: 'quoted-printable',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  // Gmail routes Bcc recipients from the raw message's Bcc header and strips it on delivery.
  node.keepBcc = true;
  return node.build();
}
