import type { RumourSource } from '@kepu/sdk/schema';

/**
 * Authorities cited by the demo entries. Only the well-known home pages of these institutions are linked: they are
 * stable, and the demo makes no claim about a particular article. Real entries cite the exact page.
 */
export const AUTHORITIES = {
  nhc: { title: '国家卫生健康委员会 健康科普', url: 'https://www.nhc.gov.cn/', publisher: '国家卫生健康委员会' },
  cdc: { title: '中国疾病预防控制中心 健康主题', url: 'https://www.chinacdc.cn/', publisher: '中国疾病预防控制中心' },
  who: { title: '世界卫生组织 健康主题（中文）', url: 'https://www.who.int/zh', publisher: '世界卫生组织' },
  piyao: { title: '中国互联网联合辟谣平台', url: 'https://www.piyao.org.cn/', publisher: '中国互联网联合辟谣平台' },
  kepu: { title: '科普中国', url: 'https://www.kepuchina.cn/', publisher: '中国科学技术协会' },
  cfsa: {
    title: '国家食品安全风险评估中心 食品安全科普',
    url: 'https://www.cfsa.net.cn/',
    publisher: '国家食品安全风险评估中心',
  },
  cnsoc: { title: '中国居民膳食指南', url: 'https://www.cnsoc.org/', publisher: '中国营养学会' },
  nmpa: { title: '国家药品监督管理局 科普', url: 'https://www.nmpa.gov.cn/', publisher: '国家药品监督管理局' },
  cea: { title: '中国地震局 防震减灾科普', url: 'https://www.cea.gov.cn/', publisher: '中国地震局' },
} as const satisfies Record<string, RumourSource>;
