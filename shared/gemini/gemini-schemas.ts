import { z } from 'zod';

// The slice of Gemini's generateContent wire format the orchestrator relies on, parsed leniently:
// every object is loose, so fields Gemini adds later (or ones we do not model, such as
// safetyRatings or citationMetadata) are kept verbatim rather than failing the parse or being
// dropped from the stored history. https://ai.google.dev/api/generate-content#response-body

export const FunctionCallSchema = z.looseObject({
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).optional(),
  id: z.string().optional(),
});

export const FunctionResponseSchema = z.looseObject({
  name: z.string(),
  id: z.string().optional(),
  response: z.record(z.string(), z.unknown()),
});

export const PartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  /** Opaque; must be sent back exactly where it came (Gemini 3 refuses a call turn without it). */
  thoughtSignature: z.string().optional(),
  functionCall: FunctionCallSchema.optional(),
  functionResponse: FunctionResponseSchema.optional(),
});

export const ContentSchema = z.looseObject({
  role: z.enum(['user', 'model']).optional(),
  parts: z.array(PartSchema).default([]),
});

const CandidateSchema = z.looseObject({
  content: ContentSchema.optional(),
  finishReason: z.string().optional(),
  finishMessage: z.string().optional(),
});

// proto3 JSON leaves zero counts out: a reply cut off while thinking has no candidatesTokenCount.
export const UsageSchema = z.looseObject({
  promptTokenCount: z.number().optional(),
  candidatesTokenCount: z.number().optional(),
  thoughtsTokenCount: z.number().optional(),
  toolUsePromptTokenCount: z.number().optional(),
  /** Prompt tokens served from the (implicit or explicit) context cache; part of promptTokenCount. */
  cachedContentTokenCount: z.number().optional(),
  totalTokenCount: z.number().optional(),
});

export const GenerateResponseSchema = z.looseObject({
  candidates: z.array(CandidateSchema).optional(),
  promptFeedback: z.looseObject({ blockReason: z.string().optional(), blockReasonMessage: z.string().optional() }).optional(),
  usageMetadata: UsageSchema.optional(),
});

export type FunctionCall = z.infer<typeof FunctionCallSchema>;
export type Part = z.infer<typeof PartSchema>;
export type Content = z.infer<typeof ContentSchema>;
export type GenerateResponse = z.infer<typeof GenerateResponseSchema>;
export type Usage = z.infer<typeof UsageSchema>;
