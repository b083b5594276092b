import { KepuAssistant } from './kepu-assistant.js';
import { mountFromScriptTag } from './one-tag.js';

export type { ChatFailure, Turn } from './chat/turns.js';
export { parseContext } from './context.js';
export { defineLocale } from './i18n/locale-registry.js';
export type { WidgetStrings } from './i18n/strings.js';
export { KepuAssistant } from './kepu-assistant.js';
export type { KepuCardActionDetail, KepuMessageDetail } from './panel/kepu-assistant-panel.js';

if (!customElements.get('kepu-assistant')) customElements.define('kepu-assistant', KepuAssistant);
mountFromScriptTag(import.meta.url);
