/**
 * Embedding and reranking throughput of lib/rag (transformers.js pipelines: tokenise, run, pool, normalise) against
 * a bare onnxruntime-node session on the same ONNX file fed the same token ids (tokenised beforehand, outside the
 * timing), in the same run. Models: the tiny test encoder/cross-encoder (lib/rag/tiny-test-models.ts) and, without
 * --quick, BERT-shaped models with random weights (scripts/make-tiny-models.mjs: BERT-base like PubMedBERT, MiniLM-L2
 * like the paper's reranker) — same CPU cost per token as the real ones, meaningless outputs.
 */
import { join } from 'node:path';
import { dist, median, row, timeRepeats } from '../bench-lib.mjs';

export const description = 'embedding and reranking throughput vs a bare onnxruntime-node session on the same ONNX file';

export async function run({ quick, log }) {
  const { resolveWorkspacePaths } = await dist('core/paths.js');
  const { ingestCorpus } = await dist('corpus/ingest-corpus.js');
  const { chunkDocuments, PAPER_RAG_SPLITTER } = await dist('corpus/chunk-documents.js');
  const { demoCorpusInput } = await dist('corpus/run-corpus-stage.js');
  const { ensureTinyTestModels } = await dist('rag/tiny-test-models.js');
  const { loadEmbeddingModel } = await dist('rag/embedding-model.js');
  const { loadReranker } = await dist('rag/cross-encoder-reranker.js');
  const { resolveModelSource, pretrainedOptions, loadWithTransformers } = await dist('rag/transformers-model.js');
  const ort = await import('onnxruntime-node');
  const paths = resolveWorkspacePaths();
  const { documents } = await ingestCorpus(demoCorpusInput(paths));
  const chunks = chunkDocuments(documents, PAPER_RAG_SPLITTER).map((chunk) => chunk.text);
  const tiny = await ensureTinyTestModels(paths);
  const models = [{ label: 'tiny test encoder (64-d)', encoder: tiny.encoder, crossEncoder: tiny.crossEncoder, texts: 256, repeats: quick ? 3 : 5 }];
  if (!quick) {
    const { makeBertShapedCrossEncoder, makeBertShapedEncoder, BERT_BASE_SHAPE, MINILM_L2_SHAPE } = await import(new URL('../../scripts/make-tiny-models.mjs', import.meta.url).href);
    const words = [...new Set(chunks.join(' ').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean))];
    const folder = join(paths.cache, 'benchmark-models');
    log('   generating BERT-shaped models with random weights (cached in <workspace cache>/benchmark-models)');
    models.push({
      label: 'BERT-base-shaped encoder (768-d) / MiniLM-L2-shaped cross-encoder',
      encoder: await makeBertShapedEncoder(join(folder, 'bert-base-shaped'), BERT_BASE_SHAPE, { extraWords: words }),
      crossEncoder: await makeBertShapedCrossEncoder(join(folder, 'minilm-l2-shaped'), MINILM_L2_SHAPE, { extraWords: words }),
      texts: 32,
      repeats: 1,
    });
  }
  const tokenizerOf = async (folder) => {
    const source = resolveModelSource({ model: folder, allowRemoteModels: false }, 'feature-extraction');
    return loadWithTransformers(source, 'feature-extraction', (transformers) => transformers.AutoTokenizer.from_pretrained(source.loadId, pretrainedOptions(source)));
  };
  const feeds = (session, encoded) => {
    const feed = {};
    for (const name of session.inputNames) {
      const tensor = encoded[name];
      feed[name] = new ort.Tensor('int64', tensor.data, tensor.dims);
    }
    return feed;
  };
  const rows = [];
  for (const model of models) {
    const texts = chunks.slice(0, model.texts);
    // Embedding: batches of 16, as the indexing stage.
    const embedding = await loadEmbeddingModel({ model: model.encoder, allowRemoteModels: false });
    const workspace = median(await timeRepeats(() => embedding.embed(texts, { batchSize: 16 }), { repeats: model.repeats, warmup: 1 }));
    const session = await ort.InferenceSession.create(embedding.modelFile.path);
    const tokenizer = await tokenizerOf(model.encoder);
    const batches = [];
    for (let start = 0; start < texts.length; start += 16) batches.push(feeds(session, tokenizer(texts.slice(start, start + 16), { padding: true, truncation: true })));
    const bare = median(await timeRepeats(async () => {
      for (const feed of batches) await session.run(feed);
    }, { repeats: model.repeats, warmup: 1 }));
    await session.release();
    await embedding.dispose();
    log(`   ${model.label}: embedding ${((texts.length / workspace) * 1000).toFixed(1)} chunks/s, bare ${((texts.length / bare) * 1000).toFixed(1)}`);
    rows.push(row({ measure: 'embedding', name: `${model.label}, ${texts.length} demo chunks, batches of 16`, unit: 'chunks/s', value: (texts.length / workspace) * 1000, higherIsBetter: true, anchor: { name: 'bare onnxruntime-node session, same ONNX, same token ids', value: (texts.length / bare) * 1000, unit: 'chunks/s' } }));

    // Reranking: one question against 20 passages (the paper's top-20), batches of 16.
    const reranker = await loadReranker({ model: model.crossEncoder, allowRemoteModels: false });
    const question = 'Which ECG findings suggest hyperkalaemia?';
    const passages = chunks.slice(0, 20);
    const rerankMs = median(await timeRepeats(() => reranker.score(question, passages), { repeats: model.repeats + 2, warmup: 1 }));
    const crossSession = await ort.InferenceSession.create(reranker.modelFile.path);
    const crossTokenizer = await tokenizerOf(model.crossEncoder);
    const pairBatches = [];
    for (let start = 0; start < passages.length; start += 16) {
      const batch = passages.slice(start, start + 16);
      pairBatches.push(feeds(crossSession, crossTokenizer(batch.map(() => question), { text_pair: batch, padding: true, truncation: true })));
    }
    const bareRerank = median(await timeRepeats(async () => {
      for (const feed of pairBatches) await crossSession.run(feed);
    }, { repeats: model.repeats + 2, warmup: 1 }));
    await crossSession.release();
    await reranker.dispose();
    log(`   ${model.label}: reranking 20 passages ${rerankMs.toFixed(1)} ms, bare ${bareRerank.toFixed(1)} ms`);
    rows.push(row({ measure: 'reranking', name: `${model.label}: 1 question x 20 passages`, unit: 'ms', value: rerankMs, higherIsBetter: false, anchor: { name: 'bare onnxruntime-node session, same ONNX, same token ids', value: bareRerank, unit: 'ms' } }));
  }
  return { rows };
}
