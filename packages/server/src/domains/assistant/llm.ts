import { type Composer, createLlmComposer } from '@kepu/assistant';
import type { Logger } from '../../logger.js';
import type { AssistantConfig } from './assistant-config.js';

/** The LLM composer when KEPU_LLM_* are set, else null (the offline composer answers). */
export function createLlmComposerFromConfig(config: AssistantConfig, logger: Logger): Composer | null {
  if (!config.llm) return null;
  logger.debug('assistant uses an LLM composer', { baseUrl: config.llm.baseUrl, model: config.llm.model });
  return createLlmComposer({
    baseUrl: config.llm.baseUrl,
    apiKey: config.llm.apiKey ?? undefined,
    model: config.llm.model,
    timeoutMs: config.llm.timeoutMs,
  });
}
