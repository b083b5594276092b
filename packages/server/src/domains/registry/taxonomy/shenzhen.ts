import type { TaxonomyProfileInput } from '@kepu/sdk/schema';

/**
 * Shenzhen's profile, the default. Another city writes the same shape as a JSON file and points
 * `KEPU_TAXONOMY_PROFILE` at it (`GET /v1/taxonomies` shows the shape).
 */
export const SHENZHEN_PROFILE: TaxonomyProfileInput = {
  id: 'shenzhen',
  city: '深圳市',
  bounds: {
    minLat: 22.3,
    maxLat: 23.1,
    minLng: 113.7,
    maxLng: 115.6,
  },
  districts: [
    {
      code: 'futian',
      name: '福田区',
      aliases: ['福田', 'Futian'],
    },
    {
      code: 'luohu',
      name: '罗湖区',
      aliases: ['罗湖', 'Luohu'],
    },
    {
      code: 'nanshan',
      name: '南山区',
      aliases: ['南山', 'Nanshan'],
    },
    {
      code: 'yantian',
      name: '盐田区',
      aliases: ['盐田', 'Yantian'],
    },
    {
      code: 'baoan',
      name: '宝安区',
      aliases: ['宝安', "Bao'an", 'Baoan'],
    },
    {
      code: 'longgang',
      name: '龙岗区',
      aliases: ['龙岗', 'Longgang'],
    },
    {
      code: 'longhua',
      name: '龙华区',
      aliases: ['龙华', 'Longhua'],
    },
    {
      code: 'pingshan',
      name: '坪山区',
      aliases: ['坪山', 'Pingshan'],
    },
    {
      code: 'guangming',
      name: '光明区',
      aliases: ['光明', 'Guangming'],
    },
    {
      code: 'dapeng',
      name: '大鹏新区',
      aliases: ['大鹏', 'Dapeng'],
    },
    {
      code: 'shenshan',
      name: '深汕特别合作区',
      aliases: ['深汕', '深汕合作区', 'Shenshan'],
    },
  ],
  topics: [
    {
      code: 'aerospace',
      name: '航空航天',
      aliases: ['航天', '航空'],
    },
    {
      code: 'life-health',
      name: '生命健康',
      aliases: ['健康', '医学', '医疗卫生', '生命科学'],
    },
    {
      code: 'marine',
      name: '海洋',
      aliases: ['海洋科学'],
    },
    {
      code: 'meteorology',
      name: '气象',
      aliases: ['气候'],
    },
    {
      code: 'disaster-prevention',
      name: '防灾减灾',
      aliases: ['应急', '安全', '消防', '地震', '应急安全'],
    },
    {
      code: 'information-tech',
      name: '信息技术',
      aliases: ['信息', '电子信息', '通信', '互联网'],
    },
    {
      code: 'artificial-intelligence',
      name: '人工智能',
      aliases: ['AI', '机器人'],
    },
    {
      code: 'ecology',
      name: '生态环保',
      aliases: ['生态', '环保', '环境保护', '自然生态'],
    },
    {
      code: 'energy',
      name: '能源',
      aliases: ['新能源', '电力'],
    },
    {
      code: 'transport',
      name: '交通',
      aliases: ['交通安全', '轨道交通'],
    },
    {
      code: 'biology',
      name: '生物多样性',
      aliases: ['生物', '动物', '植物', '植物学'],
    },
    {
      code: 'earth-science',
      name: '地球科学',
      aliases: ['地质', '古生物', '地理'],
    },
    {
      code: 'astronomy',
      name: '天文',
      aliases: ['天文学'],
    },
    {
      code: 'genomics',
      name: '基因科技',
      aliases: ['基因', '生物技术'],
    },
    {
      code: 'manufacturing',
      name: '智能制造',
      aliases: ['制造', '工业'],
    },
    {
      code: 'history-culture',
      name: '科技人文',
      aliases: ['历史', '科技史', '人文', '阅读'],
    },
    {
      code: 'agriculture',
      name: '农业',
      aliases: ['现代农业', '食品'],
    },
    {
      code: 'physics',
      name: '物理',
      aliases: ['基础科学', '科学原理'],
    },
  ],
  audiences: [
    {
      code: 'children',
      name: '少年儿童',
      aliases: ['儿童', '少儿', '小学生'],
    },
    {
      code: 'youth',
      name: '青少年',
      aliases: ['学生', '中学生'],
    },
    {
      code: 'family',
      name: '亲子家庭',
      aliases: ['家庭', '亲子'],
    },
    {
      code: 'elderly',
      name: '老年人',
      aliases: ['老人', '长者'],
    },
    {
      code: 'workers',
      name: '职工',
      aliases: ['产业工人', '员工'],
    },
    {
      code: 'community',
      name: '社区居民',
      aliases: ['居民', '社区'],
    },
    {
      code: 'teachers',
      name: '教师',
      aliases: ['老师'],
    },
    {
      code: 'public',
      name: '社会公众',
      aliases: ['公众', '市民', '所有人'],
    },
    {
      code: 'disabled',
      name: '残障人士',
      aliases: ['残疾人'],
    },
  ],
  designationSchemes: [
    {
      code: 'national-base',
      name: '全国科普教育基地',
      aliases: ['全国科普基地'],
      level: 'national',
      issuer: '中国科学技术协会',
      validityYears: 5,
      criteria: [
        '面向公众常年开放并具有稳定的科普展教场所与设施（摘要，以认定办法原文为准）',
        '有专门的科普工作机构和人员，年度科普活动计划与经费有保障',
        '科普内容科学准确，年接待公众达到规定规模',
      ],
    },
    {
      code: 'sz-base',
      name: '深圳市科普基地',
      aliases: ['深圳市科普教育基地', '市科普基地'],
      level: 'city',
      issuer: '深圳市科学技术协会',
      validityYears: 3,
      criteria: [
        '具有相对固定的科普场所和展教设施，定期向公众开放（摘要，以认定办法原文为准）',
        '有科普工作负责部门和专兼职科普人员',
        '年度开展科普活动并接受年度评估',
      ],
    },
    {
      code: 'demo-site',
      name: '科普示范点',
      aliases: ['社区科普示范点'],
      level: 'district',
      validityYears: 3,
      criteria: ['在社区、学校或单位常态化开展科普活动，具有示范带动作用（摘要）'],
    },
    {
      code: 'enterprise-hall',
      name: '企业科技传播馆',
      aliases: ['企业科普馆'],
      level: 'city',
      issuer: '深圳市科学技术协会',
      validityYears: 3,
      criteria: [
        '依托企业研发或生产设施，面向公众展示科技创新成果（摘要，以认定办法原文为准）',
        '有固定开放时间和预约渠道，讲解内容科学准确',
      ],
    },
    {
      code: 'sci-tourism',
      name: '特色科普旅游资源',
      aliases: ['科普旅游资源', '科普旅游景点'],
      level: 'city',
      validityYears: 3,
      criteria: ['兼具科普教育与旅游研学功能，交通可达、安全保障到位（摘要）'],
    },
  ],
};
