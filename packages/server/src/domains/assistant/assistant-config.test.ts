import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

const load = (env: Record<string, string>) => loadConfig({ KEPU_DATA_DIR: 'memory://', ...env });

describe('assistant configuration', () => {
  it('defaults to the offline composer and the local embedder', () => {
    expect(load({}).assistant).toEqual({
      llm: null,
      embedding: { provider: 'local', dimension: 256 },
      sensitiveWords: [],
      retentionDays: 180,
    });
  });

  it('reads an LLM and an OpenAI-compatible embedder, and rejects half-configured ones with the fix', () => {
    const c = load({
      KEPU_LLM_BASE_URL: 'https://api.deepseek.com/v1',
      KEPU_LLM_MODEL: 'deepseek-chat',
      KEPU_LLM_API_KEY: 'sk-x',
      KEPU_EMBEDDING_PROVIDER: 'openai',
      KEPU_EMBEDDING_BASE_URL: 'http://localhost:11434/v1',
      KEPU_EMBEDDING_MODEL: 'bge-m3',
      KEPU_EMBEDDING_DIMENSION: '1024',
    }).assistant;
    expect(c.llm).toMatchObject({ model: 'deepseek-chat', timeoutMs: 20_000 });
    expect(c.embedding).toMatchObject({
      provider: 'openai',
      model: 'bge-m3',
      dimension: 1024,
      batchSize: 10,
      timeoutMs: 15_000,
    });
    expect(() => load({ KEPU_EMBEDDING_BATCH_SIZE: '0' })).toThrow(/KEPU_EMBEDDING_BATCH_SIZE/);
    expect(() => load({ KEPU_EMBEDDING_TIMEOUT_MS: 'soon' })).toThrow(/KEPU_EMBEDDING_TIMEOUT_MS/);
    expect(() => load({ KEPU_LLM_BASE_URL: 'https://api.deepseek.com/v1' })).toThrow(/KEPU_LLM_MODEL/);
    expect(() => load({ KEPU_EMBEDDING_PROVIDER: 'openai' })).toThrow(ConfigError);
    expect(() => load({ KEPU_EMBEDDING_DIMENSION: '4096' })).toThrow(/KEPU_EMBEDDING_DIMENSION/);
    expect(() => load({ KEPU_LLM_BASE_URL: 'ftp://x', KEPU_LLM_MODEL: 'm' })).toThrow(/KEPU_LLM_BASE_URL/);
  });

  it('merges sensitive words from the variable and the file; a missing file stops with its name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kepu-words-'));
    const file = path.join(dir, 'words.txt');
    writeFileSync(file, '# comment\n代开发票\n\n赌博\n');
    const c = load({ KEPU_ASSISTANT_SENSITIVE_WORDS: '赌博，传销', KEPU_ASSISTANT_SENSITIVE_WORDS_FILE: file });
    expect(c.assistant.sensitiveWords).toEqual(['赌博', '传销', '代开发票']);
    expect(() => load({ KEPU_ASSISTANT_SENSITIVE_WORDS_FILE: path.join(dir, 'missing.txt') })).toThrow(/missing\.txt/);
  });
});
