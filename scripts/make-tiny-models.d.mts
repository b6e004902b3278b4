/** Types of scripts/make-tiny-models.mjs (see that file for what the models compute and the folder layout). */
export declare const TINY_HIDDEN_SIZE: number;
export declare const TINY_MAX_LENGTH: number;
export declare const TINY_ENCODER_NAME: string;
export declare const TINY_CROSS_ENCODER_NAME: string;
export interface TinyModelOptions {
  hiddenSize?: number;
  extraWords?: string[];
}
export declare function buildVocabulary(extraWords?: string[]): Record<string, number>;
export declare function tokenVector(token: string, hidden?: number): Float32Array;
export declare function tinyEncoderOnnx(vocabulary: Record<string, number>, hidden?: number): Uint8Array;
export declare function tinyCrossEncoderOnnx(vocabulary: Record<string, number>, hidden?: number): Uint8Array;
export declare function tinyTokenizerJson(vocabulary: Record<string, number>): Record<string, unknown>;
export declare function makeTinyEncoder(directory: string, options?: TinyModelOptions): Promise<string>;
export declare function makeTinyCrossEncoder(directory: string, options?: TinyModelOptions): Promise<string>;
export declare function makeTinyModels(outputDirectory: string, options?: TinyModelOptions): Promise<{ encoder: string; crossEncoder: string }>;
export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
}
export declare const BERT_BASE_SHAPE: BertShape;
export declare const MINILM_L2_SHAPE: BertShape;
export declare function bertShapedOnnx(vocabulary: Record<string, number>, shape: BertShape, options?: { classifier?: boolean }): Uint8Array;
export declare function makeBertShapedEncoder(directory: string, shape?: BertShape, options?: { extraWords?: string[] }): Promise<string>;
export declare function makeBertShapedCrossEncoder(directory: string, shape?: BertShape, options?: { extraWords?: string[] }): Promise<string>;
export declare const TINY_LAYERED_LAYERS: number;
export declare const TINY_LAYERED_ENCODER_NAME: string;
export declare function layeredTokenVector(token: string, hidden?: number): Float32Array;
export declare function layeredLayerMatrix(layer: number, hidden?: number): Float32Array;
export declare function tinyLayeredEncoderOnnx(vocabulary: Record<string, number>, hidden?: number, layers?: number): Uint8Array;
export declare function makeTinyLayeredEncoder(directory: string, options?: TinyModelOptions): Promise<string>;
