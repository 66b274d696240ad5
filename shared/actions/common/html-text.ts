import { decodeHTML } from 'entities';

// YouTube titles/descriptions and Gmail snippets arrive HTML-escaped ("Trail &amp; Summit");
// the assistant and its users want the text itself.
export function unescapeHtml(text: string): string {
  return decodeHTML(text);
}
