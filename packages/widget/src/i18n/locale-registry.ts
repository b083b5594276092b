import type { WidgetStrings } from './strings.js';

/** Locales the page adds; kept apart from the built-in strings so the launcher can take them without loading those. */
export const customLocales = new Map<string, WidgetStrings>();

/**
 * Adds or replaces a locale, e.g. `defineLocale('zh-HK', { ...zhCN, title: '科普助手' })`. Call it before the panel
 * opens; `lang="zh-HK"` then picks it.
 */
export function defineLocale(tag: string, strings: WidgetStrings): void {
  customLocales.set(tag, strings);
}
