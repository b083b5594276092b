/** Demo 科普旅游路线, built from demo places (by their externalId). Durations are suggestions. */
export interface DemoRoute {
  externalId: string;
  name: string;
  theme: string;
  description: string;
  durationText: string;
  durationMinutes: number;
  audience: { groups: string[]; ageMin?: number };
  topics: string[];
  stops: { place: string; note?: string; stayMinutes?: number }[];
}

export const DEMO_ROUTES: readonly DemoRoute[] = [
  {
    externalId: 'demo-route-01',
    name: '深圳湾红树林生态科普之旅',
    theme: '滨海湿地与候鸟',
    description: '沿深圳湾由东向西，观察红树林、招潮蟹与越冬候鸟，了解滨海湿地保护。冬季（11月至次年3月）观鸟最佳。',
    durationText: '一日',
    durationMinutes: 420,
    audience: { groups: ['亲子家庭', '青少年'], ageMin: 6 },
    topics: ['生态环保', '生物多样性'],
    stops: [
      { place: 'demo-sz-009', stayMinutes: 90 },
      { place: 'demo-sz-010', note: '自然教育活动需预约', stayMinutes: 90 },
      { place: 'demo-sz-026', stayMinutes: 90 },
      { place: 'demo-sz-027', note: '需提前在线预约', stayMinutes: 120 },
    ],
  },
  {
    externalId: 'demo-route-02',
    name: '大鹏半岛地质与星空研学',
    theme: '火山、海岸与天文',
    description: '走进七娘山古火山遗迹与海岸地貌，再到西涌观星，体验地球科学与天文学。',
    durationText: '两日',
    durationMinutes: 1200,
    audience: { groups: ['青少年'], ageMin: 10 },
    topics: ['地球科学', '天文'],
    stops: [
      { place: 'demo-sz-058', stayMinutes: 240 },
      { place: 'demo-sz-062', stayMinutes: 90 },
      { place: 'demo-sz-059', note: '观测活动需预约', stayMinutes: 180 },
    ],
  },
  {
    externalId: 'demo-route-03',
    name: '福田中心区科学文化一日游',
    theme: '城市、历史与阅读',
    description: '在市民中心周边步行可达的场馆之间，了解城市规划、深圳历史与科普阅读，傍晚登莲花山。',
    durationText: '一日',
    durationMinutes: 480,
    audience: { groups: ['亲子家庭', '社会公众'] },
    topics: ['科技人文'],
    stops: [
      { place: 'demo-sz-011', stayMinutes: 90 },
      { place: 'demo-sz-002', note: '需实名预约', stayMinutes: 120 },
      { place: 'demo-sz-004', stayMinutes: 90 },
      { place: 'demo-sz-006', stayMinutes: 60 },
      { place: 'demo-sz-008', stayMinutes: 90 },
    ],
  },
  {
    externalId: 'demo-route-04',
    name: '西丽科教城科技创新研学',
    theme: '科研机构与大学',
    description: '走进西丽湖畔的科研机构与大学，了解人工智能、生命健康等前沿科技，午后到野生动物园认识生物多样性。',
    durationText: '一日',
    durationMinutes: 480,
    audience: { groups: ['青少年'], ageMin: 12 },
    topics: ['人工智能', '生命健康', '生物多样性'],
    stops: [
      { place: 'demo-sz-028', note: '公众科学日等开放活动需报名', stayMinutes: 150 },
      { place: 'demo-sz-029', stayMinutes: 90 },
      { place: 'demo-sz-032', stayMinutes: 60 },
      { place: 'demo-sz-030', stayMinutes: 150 },
    ],
  },
  {
    externalId: 'demo-route-05',
    name: '东部海洋与能源科普线',
    theme: '海洋、清洁能源与生命科学',
    description: '从梅沙的海洋世界出发，前往大亚湾核电与国家基因库，了解海洋生态、核能与基因科技。',
    durationText: '一日',
    durationMinutes: 540,
    audience: { groups: ['青少年', '亲子家庭'], ageMin: 10 },
    topics: ['海洋', '能源', '基因科技'],
    stops: [
      { place: 'demo-sz-037', stayMinutes: 150 },
      { place: 'demo-sz-061', note: '参观需预约', stayMinutes: 120 },
      { place: 'demo-sz-060', note: '参观需预约', stayMinutes: 120 },
    ],
  },
  {
    externalId: 'demo-route-06',
    name: '光明科学城科技与田园之旅',
    theme: '科技馆与现代农业',
    description: '上午参观深圳科技馆（新馆），下午到光明农场大观园认识现代农业，傍晚漫步虹桥公园。',
    durationText: '一日',
    durationMinutes: 480,
    audience: { groups: ['亲子家庭', '少年儿童'] },
    topics: ['信息技术', '农业', '生态环保'],
    stops: [
      { place: 'demo-sz-054', note: '实名预约入馆', stayMinutes: 180 },
      { place: 'demo-sz-055', stayMinutes: 120 },
      { place: 'demo-sz-056', stayMinutes: 60 },
    ],
  },
];
