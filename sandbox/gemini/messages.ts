// The messages of Gemini's generateContent API (google.ai.generativelanguage.v1beta), as proto3
// JSON field names, so the fake can parse a request the way Google's JSON front end does (unknown
// names and wrong JSON types are refused) and hold its own answers to proto3 JSON's output rules.
// Transcribed from generative_service.proto / content.proto (googleapis): every message reachable
// from GenerateContentRequest and GenerateContentResponse. tests/unit/gemini-fake-contract.test.ts
// compares this table with the .proto files whenever ../shared/contracts is present.
//
// A field is `name:type`. type: a scalar (string bool bytes int32 int64 float double), a message
// of this table, a well-known type (Struct Value ListValue Duration Timestamp), `#Enum`, `{T}` for
// map<string, T>; `[]` marks repeated. A suffix `?` marks proto3 `optional` (presence: a zero value
// is still sent) and `|name` a member of oneof `name` (at most one member may be set).

export const MESSAGES: Record<string, string> = {
  GenerateContentRequest:
    'model:string systemInstruction:Content? contents:Content[] tools:Tool[] toolConfig:ToolConfig safetySettings:SafetySetting[] generationConfig:GenerationConfig? cachedContent:string?',
  Content: 'parts:Part[] role:string',
  Part: 'text:string|data inlineData:Blob|data functionCall:FunctionCall|data functionResponse:FunctionResponse|data fileData:FileData|data executableCode:ExecutableCode|data codeExecutionResult:CodeExecutionResult|data videoMetadata:VideoMetadata|metadata thought:bool thoughtSignature:bytes partMetadata:Struct',
  Blob: 'mimeType:string data:bytes',
  FunctionCall: 'id:string name:string args:Struct?',
  FunctionResponse: 'id:string name:string response:Struct parts:FunctionResponsePart[] willContinue:bool scheduling:#FunctionResponse.Scheduling?',
  FunctionResponsePart: 'inlineData:FunctionResponseBlob|data',
  FunctionResponseBlob: 'mimeType:string data:bytes',
  FileData: 'mimeType:string fileUri:string',
  ExecutableCode: 'language:#ExecutableCode.Language code:string',
  CodeExecutionResult: 'outcome:#CodeExecutionResult.Outcome output:string',
  VideoMetadata: 'startOffset:Duration endOffset:Duration fps:double',
  Tool: 'functionDeclarations:FunctionDeclaration[] googleSearchRetrieval:GoogleSearchRetrieval codeExecution:CodeExecution googleSearch:Tool.GoogleSearch computerUse:Tool.ComputerUse urlContext:UrlContext fileSearch:FileSearch googleMaps:GoogleMaps',
  FunctionDeclaration:
    'name:string description:string parameters:Schema? parametersJsonSchema:Value? response:Schema? responseJsonSchema:Value? behavior:#FunctionDeclaration.Behavior',
  Schema:
    'type:#Type format:string title:string description:string nullable:bool enum:string[] items:Schema? maxItems:int64 minItems:int64 properties:{Schema} required:string[] minProperties:int64 maxProperties:int64 minimum:double? maximum:double? minLength:int64 maxLength:int64 pattern:string example:Value anyOf:Schema[] propertyOrdering:string[] default:Value',
  GoogleSearchRetrieval: 'dynamicRetrievalConfig:DynamicRetrievalConfig',
  DynamicRetrievalConfig: 'mode:#DynamicRetrievalConfig.Mode dynamicThreshold:float?',
  CodeExecution: '',
  'Tool.GoogleSearch': 'timeRangeFilter:Interval',
  Interval: 'startTime:Timestamp endTime:Timestamp',
  'Tool.ComputerUse': 'environment:#Tool.ComputerUse.Environment excludedPredefinedFunctions:string[]',
  UrlContext: '',
  FileSearch: 'retrievalResources:FileSearch.RetrievalResource[] retrievalConfig:FileSearch.RetrievalConfig',
  'FileSearch.RetrievalResource': 'ragStoreName:string',
  'FileSearch.RetrievalConfig': 'topK:int32? metadataFilter:string',
  GoogleMaps: 'enableWidget:bool',
  ToolConfig: 'functionCallingConfig:FunctionCallingConfig retrievalConfig:RetrievalConfig',
  FunctionCallingConfig: 'mode:#FunctionCallingConfig.Mode allowedFunctionNames:string[]',
  RetrievalConfig: 'latLng:LatLng languageCode:string',
  LatLng: 'latitude:double longitude:double',
  SafetySetting: 'category:#HarmCategory threshold:#SafetySetting.HarmBlockThreshold',
  GenerationConfig:
    'candidateCount:int32? stopSequences:string[] maxOutputTokens:int32? temperature:float? topP:float? topK:int32? seed:int32? responseMimeType:string responseSchema:Schema responseJsonSchema:Value responseJsonSchemaOrdered:Value presencePenalty:float? frequencyPenalty:float? responseLogprobs:bool? logprobs:int32? enableEnhancedCivicAnswers:bool? responseModalities:#GenerationConfig.Modality[] speechConfig:SpeechConfig? thinkingConfig:ThinkingConfig? imageConfig:ImageConfig? mediaResolution:#GenerationConfig.MediaResolution?',
  SpeechConfig: 'voiceConfig:VoiceConfig multiSpeakerVoiceConfig:MultiSpeakerVoiceConfig languageCode:string',
  VoiceConfig: 'prebuiltVoiceConfig:PrebuiltVoiceConfig|voiceConfig',
  PrebuiltVoiceConfig: 'voiceName:string?',
  MultiSpeakerVoiceConfig: 'speakerVoiceConfigs:SpeakerVoiceConfig[]',
  SpeakerVoiceConfig: 'speaker:string voiceConfig:VoiceConfig',
  ThinkingConfig: 'includeThoughts:bool? thinkingBudget:int32?',
  ImageConfig: 'aspectRatio:string?',
  GenerateContentResponse:
    'candidates:Candidate[] promptFeedback:GenerateContentResponse.PromptFeedback usageMetadata:GenerateContentResponse.UsageMetadata modelVersion:string responseId:string',
  Candidate:
    'index:int32? content:Content finishReason:#Candidate.FinishReason finishMessage:string? safetyRatings:SafetyRating[] citationMetadata:CitationMetadata tokenCount:int32 groundingAttributions:GroundingAttribution[] groundingMetadata:GroundingMetadata avgLogprobs:double logprobsResult:LogprobsResult urlContextMetadata:UrlContextMetadata',
  SafetyRating: 'category:#HarmCategory probability:#SafetyRating.HarmProbability blocked:bool',
  CitationMetadata: 'citationSources:CitationSource[]',
  CitationSource: 'startIndex:int32? endIndex:int32? uri:string? license:string?',
  GroundingAttribution: 'sourceId:AttributionSourceId content:Content',
  AttributionSourceId:
    'groundingPassage:AttributionSourceId.GroundingPassageId|source semanticRetrieverChunk:AttributionSourceId.SemanticRetrieverChunk|source',
  'AttributionSourceId.GroundingPassageId': 'passageId:string partIndex:int32',
  'AttributionSourceId.SemanticRetrieverChunk': 'source:string chunk:string',
  GroundingMetadata:
    'searchEntryPoint:SearchEntryPoint? groundingChunks:GroundingChunk[] groundingSupports:GroundingSupport[] retrievalMetadata:RetrievalMetadata? webSearchQueries:string[] googleMapsWidgetContextToken:string?',
  SearchEntryPoint: 'renderedContent:string sdkBlob:bytes',
  GroundingChunk: 'web:GroundingChunk.Web|chunkType retrievedContext:GroundingChunk.RetrievedContext|chunkType maps:GroundingChunk.Maps|chunkType',
  'GroundingChunk.Web': 'uri:string? title:string?',
  'GroundingChunk.RetrievedContext': 'uri:string? title:string? text:string?',
  'GroundingChunk.Maps': 'uri:string? title:string? text:string? placeId:string? placeAnswerSources:GroundingChunk.Maps.PlaceAnswerSources?',
  'GroundingChunk.Maps.PlaceAnswerSources': 'reviewSnippets:GroundingChunk.Maps.PlaceAnswerSources.ReviewSnippet[]',
  'GroundingChunk.Maps.PlaceAnswerSources.ReviewSnippet': 'reviewId:string? googleMapsUri:string? title:string?',
  GroundingSupport: 'segment:Segment? groundingChunkIndices:int32[] confidenceScores:float[]',
  Segment: 'partIndex:int32 startIndex:int32 endIndex:int32 text:string',
  RetrievalMetadata: 'googleSearchDynamicRetrievalScore:float',
  LogprobsResult: 'logProbabilitySum:float? topCandidates:LogprobsResult.TopCandidates[] chosenCandidates:LogprobsResult.Candidate[]',
  'LogprobsResult.TopCandidates': 'candidates:LogprobsResult.Candidate[]',
  'LogprobsResult.Candidate': 'token:string? tokenId:int32? logProbability:float?',
  UrlContextMetadata: 'urlMetadata:UrlMetadata[]',
  UrlMetadata: 'retrievedUrl:string urlRetrievalStatus:#UrlMetadata.UrlRetrievalStatus',
  'GenerateContentResponse.PromptFeedback': 'blockReason:#GenerateContentResponse.PromptFeedback.BlockReason safetyRatings:SafetyRating[]',
  'GenerateContentResponse.UsageMetadata':
    'promptTokenCount:int32 cachedContentTokenCount:int32 candidatesTokenCount:int32 toolUsePromptTokenCount:int32 thoughtsTokenCount:int32 totalTokenCount:int32 promptTokensDetails:ModalityTokenCount[] cacheTokensDetails:ModalityTokenCount[] candidatesTokensDetails:ModalityTokenCount[] toolUsePromptTokensDetails:ModalityTokenCount[]',
  ModalityTokenCount: 'modality:#Modality tokenCount:int32',
};

export const ENUMS: Record<string, string> = {
  'FunctionResponse.Scheduling': 'SCHEDULING_UNSPECIFIED SILENT WHEN_IDLE INTERRUPT',
  'ExecutableCode.Language': 'LANGUAGE_UNSPECIFIED PYTHON',
  'CodeExecutionResult.Outcome': 'OUTCOME_UNSPECIFIED OUTCOME_OK OUTCOME_FAILED OUTCOME_DEADLINE_EXCEEDED',
  Type: 'TYPE_UNSPECIFIED STRING NUMBER INTEGER BOOLEAN ARRAY OBJECT NULL',
  'FunctionDeclaration.Behavior': 'UNSPECIFIED BLOCKING NON_BLOCKING',
  'DynamicRetrievalConfig.Mode': 'MODE_UNSPECIFIED MODE_DYNAMIC',
  'Tool.ComputerUse.Environment': 'ENVIRONMENT_UNSPECIFIED ENVIRONMENT_BROWSER',
  'FunctionCallingConfig.Mode': 'MODE_UNSPECIFIED AUTO ANY NONE VALIDATED',
  HarmCategory:
    'HARM_CATEGORY_UNSPECIFIED HARM_CATEGORY_DEROGATORY HARM_CATEGORY_TOXICITY HARM_CATEGORY_VIOLENCE HARM_CATEGORY_SEXUAL HARM_CATEGORY_MEDICAL HARM_CATEGORY_DANGEROUS HARM_CATEGORY_HARASSMENT HARM_CATEGORY_HATE_SPEECH HARM_CATEGORY_SEXUALLY_EXPLICIT HARM_CATEGORY_DANGEROUS_CONTENT HARM_CATEGORY_CIVIC_INTEGRITY',
  'SafetySetting.HarmBlockThreshold': 'HARM_BLOCK_THRESHOLD_UNSPECIFIED BLOCK_LOW_AND_ABOVE BLOCK_MEDIUM_AND_ABOVE BLOCK_ONLY_HIGH BLOCK_NONE OFF',
  'GenerationConfig.Modality': 'MODALITY_UNSPECIFIED TEXT IMAGE AUDIO',
  'GenerationConfig.MediaResolution': 'MEDIA_RESOLUTION_UNSPECIFIED MEDIA_RESOLUTION_LOW MEDIA_RESOLUTION_MEDIUM MEDIA_RESOLUTION_HIGH',
  'Candidate.FinishReason':
    'FINISH_REASON_UNSPECIFIED STOP MAX_TOKENS SAFETY RECITATION LANGUAGE OTHER BLOCKLIST PROHIBITED_CONTENT SPII MALFORMED_FUNCTION_CALL IMAGE_SAFETY IMAGE_PROHIBITED_CONTENT IMAGE_OTHER NO_IMAGE IMAGE_RECITATION UNEXPECTED_TOOL_CALL TOO_MANY_TOOL_CALLS',
  'SafetyRating.HarmProbability': 'HARM_PROBABILITY_UNSPECIFIED NEGLIGIBLE LOW MEDIUM HIGH',
  'UrlMetadata.UrlRetrievalStatus':
    'URL_RETRIEVAL_STATUS_UNSPECIFIED URL_RETRIEVAL_STATUS_SUCCESS URL_RETRIEVAL_STATUS_ERROR URL_RETRIEVAL_STATUS_PAYWALL URL_RETRIEVAL_STATUS_UNSAFE',
  'GenerateContentResponse.PromptFeedback.BlockReason': 'BLOCK_REASON_UNSPECIFIED SAFETY OTHER BLOCKLIST PROHIBITED_CONTENT IMAGE_SAFETY',
  Modality: 'MODALITY_UNSPECIFIED TEXT IMAGE VIDEO AUDIO DOCUMENT',
};
