/** Types of scripts/make-tiny-gguf.mjs (see that file for the format and what the tiny model computes). */
export declare const TINY_GGUF_NAME: string;
export declare const TINY_LORA_NAME: string;
export declare const TINY_LORA_TOKEN: string;
export declare const TINY_LORA_BOOST: number;
export declare const TINY_CONTEXT_LENGTH: number;
export declare function tinyVocabulary(): { tokens: string[]; types: number[]; scores: number[] };
export declare function encodeGguf(
  metadata: Array<[string, number, unknown]>,
  tensors: Array<{ name: string; dimensions: number[]; data: Float32Array }>,
): Buffer;
export declare function tinyGgufBytes(): Buffer;
export declare function tinyLoraBytes(): Buffer;
export declare function makeTinyGguf(outputDirectory: string): Promise<{ model: string; adapter: string }>;
