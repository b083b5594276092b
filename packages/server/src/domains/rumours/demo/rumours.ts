import type { RumourRating } from '@kepu/sdk/schema';
import type { AUTHORITIES } from './sources.js';

export interface DemoRumour {
  /** Stable demo identifier, kept as `externalId`. */
  key: string;
  claim: string;
  aliases: string[];
  rating: RumourRating;
  explanation: string;
  topics: string[];
  sources: (keyof typeof AUTHORITIES)[];
  /** Index into DEMO_EXPERTS of the reviewing expert. */
  reviewer: number;
}

/**
 * Common health and science rumours, written for Kepu in our own words (not copied from any base), with the verdict
 * that the cited authorities give. Reviewers are the fictional example experts.
 */
export const DEMO_RUMOURS: DemoRumour[] = [
  {
    key: 'demo-leftovers',
    claim: '隔夜菜会致癌，一口都不能吃',
    aliases: ['剩菜放一晚就有毒', '吃隔夜饭菜容易得癌症', '隔夜菜亚硝酸盐超标会致癌'],
    rating: 'misleading',
    explanation:
      '剩菜及时冷藏，亚硝酸盐虽会略有增加，但远低于危害健康的量，谈不上致癌。真正要注意的是细菌繁殖：剩菜应尽快放冰箱、食用前彻底加热，绿叶蔬菜最好现做现吃。',
    topics: ['食品安全'],
    sources: ['cfsa', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-overnight-tea',
    claim: '隔夜茶会致癌',
    aliases: ['喝隔夜茶等于喝毒药', '茶水放一夜产生致癌物'],
    rating: 'false',
    explanation:
      '茶水放置一夜，成分变化很小，不会生成致癌物。只是久置的茶口感变差、夏天可能滋生细菌，不新鲜就倒掉即可，与致癌无关。',
    topics: ['食品安全'],
    sources: ['cfsa', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-microwave',
    claim: '微波炉加热的食物有辐射，吃了会致癌',
    aliases: ['微波炉热饭会产生致癌物', '微波食品破坏营养还带辐射'],
    rating: 'false',
    explanation:
      '微波炉靠微波让食物中的水分子振动生热，停止加热后微波即消失，食物不会“带辐射”，也不会因此产生致癌物。正常使用合格的微波炉是安全的。',
    topics: ['食品安全', '家电'],
    sources: ['who', 'kepu'],
    reviewer: 1,
  },
  {
    key: 'demo-vaccine-autism',
    claim: '接种疫苗会导致孩子患自闭症',
    aliases: ['打疫苗引起自闭症', '麻腮风疫苗导致孤独症'],
    rating: 'false',
    explanation:
      '多国涉及数百万儿童的研究都没有发现疫苗与自闭症之间存在关联，最早提出这一说法的论文因数据造假已被撤稿。按程序接种疫苗是预防传染病最有效的手段之一。',
    topics: ['疫苗', '儿童健康'],
    sources: ['who', 'cdc'],
    reviewer: 2,
  },
  {
    key: 'demo-seafood-vitc',
    claim: '海鲜和维生素C一起吃会砒霜中毒',
    aliases: ['虾和水果同吃会中毒', '吃海鲜后吃维C片等于吃砒霜'],
    rating: 'false',
    explanation:
      '海鲜中的砷主要是无毒的有机砷，无机砷含量很低；即使与维生素C同食，理论上能转化成的三价砷也远达不到中毒剂量。吃海鲜要注意的是新鲜和彻底加热。',
    topics: ['食品安全'],
    sources: ['cfsa', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-alcohol-virus',
    claim: '喝白酒能杀死体内的新冠病毒',
    aliases: ['多喝酒可以预防新冠', '高度酒消毒杀病毒，喝下去也管用'],
    rating: 'false',
    explanation:
      '75%酒精可以给物体表面消毒，但喝下去的酒精浓度远不够杀灭病毒，且不会到达呼吸道的感染部位。饮酒反而损害肝脏和免疫功能，不能预防或治疗新冠。',
    topics: ['传染病', '新冠'],
    sources: ['who', 'piyao'],
    reviewer: 2,
  },
  {
    key: 'demo-vinegar-flu',
    claim: '熏醋能杀死空气中的流感病毒',
    aliases: ['在家熏白醋可以预防流感', '吃醋能防病毒感冒'],
    rating: 'false',
    explanation:
      '食醋中醋酸浓度很低，熏蒸后空气中的浓度更低，达不到消毒效果；在密闭房间长时间熏醋还会刺激呼吸道。预防流感靠接种疫苗、勤洗手和开窗通风。',
    topics: ['传染病'],
    sources: ['cdc', 'piyao'],
    reviewer: 2,
  },
  {
    key: 'demo-banlangen',
    claim: '喝板蓝根能预防各种流感和病毒感染',
    aliases: ['板蓝根冲剂包治感冒', '每天一包板蓝根百病不侵'],
    rating: 'misleading',
    explanation:
      '没有可靠证据表明板蓝根能预防流感或其他病毒感染。板蓝根是药品，辨证使用才有意义，长期当保健饮料喝可能带来不良反应。预防流感最有效的是接种流感疫苗。',
    topics: ['传染病', '用药安全'],
    sources: ['nmpa', 'cdc'],
    reviewer: 2,
  },
  {
    key: 'demo-phone-pillow',
    claim: '手机放在枕边睡觉，辐射会致癌',
    aliases: ['手机辐射导致脑癌', '睡觉时手机要离头远点，否则得脑瘤'],
    rating: 'misleading',
    explanation:
      '手机发出的是非电离的射频电磁波，能量很低，不能破坏DNA。世界卫生组织国际癌症研究机构把射频电磁场列为“可能致癌”（2B类），意思是证据有限、尚不能确定；大量研究没有发现正常使用手机增加脑瘤风险。把手机放远些主要是为了睡眠质量。',
    topics: ['辐射', '电子产品'],
    sources: ['who', 'kepu'],
    reviewer: 1,
  },
  {
    key: 'demo-gmo-cancer',
    claim: '转基因食品会致癌、导致不育',
    aliases: ['吃转基因大豆油会绝后', '转基因食品是慢性毒药'],
    rating: 'false',
    explanation:
      '经过安全评价、批准上市的转基因食品与传统食品同样安全，至今没有可靠证据表明其致癌或导致不育。各国对转基因产品都有严格的审批和标识制度。',
    topics: ['食品安全', '转基因'],
    sources: ['who', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-msg',
    claim: '味精高温加热后会变成致癌物',
    aliases: ['炒菜放味精会致癌', '鸡精味精吃多了掉头发还致癌'],
    rating: 'false',
    explanation:
      '味精的主要成分谷氨酸钠在长时间高温下会部分转变成焦谷氨酸钠，只是鲜味变淡，并无毒性，更不致癌。正常烹调用量的味精是安全的，需要控制的是其中的钠。',
    topics: ['食品安全'],
    sources: ['cfsa', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-bone-soup',
    claim: '喝骨头汤能补钙',
    aliases: ['多喝大骨汤补钙长个子', '老人骨质疏松要天天喝骨头汤'],
    rating: 'false',
    explanation:
      '骨头里的钙很难溶进汤里，一碗骨头汤的钙含量远不及一杯牛奶，汤里更多的是脂肪和嘌呤。补钙首选奶及奶制品、豆制品和深绿色蔬菜。',
    topics: ['营养'],
    sources: ['cnsoc', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-acid-body',
    claim: '酸性体质是万病之源，多吃碱性食物能改善体质',
    aliases: ['癌症都是酸性体质引起的', '喝碱性水调节体质防癌'],
    rating: 'false',
    explanation:
      '人体血液的酸碱度由肺和肾严格调节，始终维持在很窄的弱碱性范围，吃什么食物都不会改变。“酸碱体质”不是医学概念，宣传它的说法多为推销产品。',
    topics: ['营养', '保健品'],
    sources: ['kepu', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-watermelon-injection',
    claim: '西瓜被打了针注射甜味剂和色素',
    aliases: ['瓜瓤特别红的西瓜是打了色素', '西瓜打针催熟变甜'],
    rating: 'false',
    explanation:
      '给西瓜打针会在瓜内留下针孔，几天内就会导致西瓜腐烂变质，既做不到也不合算。西瓜瓜瓤的颜色和甜度主要取决于品种和成熟度。',
    topics: ['食品安全'],
    sources: ['cfsa', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-seedless-grape',
    claim: '无籽葡萄、无籽西瓜是用避孕药处理出来的',
    aliases: ['无籽水果吃了影响生育', '无籽葡萄泡过避孕药'],
    rating: 'false',
    explanation:
      '无籽西瓜是通过培育三倍体品种得到的；无籽葡萄多是天然无籽品种，有的使用赤霉素等植物生长调节剂，这些物质对人体没有激素作用，与避孕药毫无关系。',
    topics: ['食品安全', '农业'],
    sources: ['kepu', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-fungus-lungs',
    claim: '多吃木耳、猪血能清肺排雾霾',
    aliases: ['雾霾天吃猪血清肺', '黑木耳能把肺里的灰尘排出来'],
    rating: 'false',
    explanation:
      '吃进去的食物经过消化道，而吸入的颗粒物沉积在呼吸道，两者根本不相通，任何食物都不能“清肺”。雾霾天应减少外出、规范佩戴口罩。',
    topics: ['营养', '环境健康'],
    sources: ['kepu', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-brown-sugar',
    claim: '红糖水能补血',
    aliases: ['女生来月经多喝红糖水补血', '贫血喝红糖姜茶就好'],
    rating: 'false',
    explanation:
      '红糖的铁含量很低，而且主要成分就是蔗糖，靠喝红糖水补铁补血效果微乎其微。缺铁性贫血应就医，并多吃红肉、动物肝脏和动物血等含铁丰富的食物。',
    topics: ['营养', '女性健康'],
    sources: ['cnsoc', 'kepu'],
    reviewer: 3,
  },
  {
    key: 'demo-banana-empty',
    claim: '空腹吃香蕉会导致血镁过高、伤心脏',
    aliases: ['早上空腹不能吃香蕉', '空腹吃香蕉会中毒'],
    rating: 'false',
    explanation:
      '香蕉中的镁含量有限，肾功能正常的人不会因为空腹吃香蕉导致血镁升高。健康人什么时候吃香蕉都可以；肾病患者需遵医嘱控制钾的摄入。',
    topics: ['营养'],
    sources: ['cnsoc', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-egg-soymilk',
    claim: '鸡蛋和豆浆不能一起吃',
    aliases: ['豆浆冲鸡蛋会降低营养', '喝豆浆吃鸡蛋蛋白质无法吸收'],
    rating: 'false',
    explanation:
      '生豆浆中的胰蛋白酶抑制物会影响蛋白质消化，但豆浆彻底煮开后这种物质已被破坏。煮熟的豆浆配鸡蛋是很好的早餐组合。',
    topics: ['营养'],
    sources: ['cnsoc', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-boiled-water',
    claim: '反复烧开的“千滚水”会致癌',
    aliases: ['开水反复烧会产生亚硝酸盐', '保温壶里的水放久了不能喝会致癌'],
    rating: 'false',
    explanation:
      '合格自来水中的硝酸盐本来就很少，反复煮沸时因水分蒸发浓度略有升高，亚硝酸盐仍远低于饮用水标准限值，正常饮用不会致癌。',
    topics: ['饮用水', '食品安全'],
    sources: ['cfsa', 'kepu'],
    reviewer: 1,
  },
  {
    key: 'demo-pig-trotter',
    claim: '吃猪蹄、鸡爪能补充胶原蛋白美容',
    aliases: ['多吃猪皮皮肤会变好', '胶原蛋白口服液让皮肤变年轻'],
    rating: 'false',
    explanation:
      '吃进去的胶原蛋白会被消化分解成氨基酸，不会原样跑到皮肤里。猪蹄、猪皮还含有较多脂肪。皮肤状态靠均衡饮食、充足睡眠和防晒。',
    topics: ['营养', '美容'],
    sources: ['cnsoc', 'kepu'],
    reviewer: 3,
  },
  {
    key: 'demo-egg-shell-color',
    claim: '红皮鸡蛋、土鸡蛋比普通鸡蛋营养好得多',
    aliases: ['蛋壳颜色越深越有营养', '柴鸡蛋营养价值是普通鸡蛋的好几倍'],
    rating: 'misleading',
    explanation:
      '蛋壳颜色由鸡的品种决定，与营养无关；土鸡蛋与普通鸡蛋的主要营养成分差别很小。选鸡蛋看新鲜、来源正规即可。',
    topics: ['营养'],
    sources: ['cnsoc', 'piyao'],
    reviewer: 0,
  },
  {
    key: 'demo-milk-cancer',
    claim: '喝牛奶会致癌',
    aliases: ['牛奶中的酪蛋白致癌', '中国人不适合喝牛奶，喝多了得癌'],
    rating: 'false',
    explanation:
      '没有可靠证据表明正常饮用牛奶会致癌。膳食指南建议成年人每天摄入相当于300毫升以上液态奶的奶制品；乳糖不耐受者可以选择酸奶或少量多次饮用。',
    topics: ['营养'],
    sources: ['cnsoc', 'who'],
    reviewer: 0,
  },
  {
    key: 'demo-eight-glasses',
    claim: '每个人每天必须喝够8杯水',
    aliases: ['一天8杯水才健康', '不管渴不渴都要喝够2升水'],
    rating: 'mixed',
    explanation:
      '成年人每天需要适量饮水，膳食指南建议在温和气候下约1500至1700毫升，大致相当于七八杯，但会随天气、活动量和身体状况变化，食物中也有水分。少量多次、主动喝水即可，并非人人必须精确喝够8杯。',
    topics: ['营养'],
    sources: ['cnsoc'],
    reviewer: 0,
  },
  {
    key: 'demo-fever-sweat',
    claim: '发烧时多盖被子捂出汗就好了',
    aliases: ['孩子发烧要捂汗退烧', '感冒发热裹紧被子发汗'],
    rating: 'false',
    explanation:
      '发烧时捂得太严会妨碍散热，使体温进一步升高，婴幼儿甚至可能发生“捂热综合征”。发热时应穿着宽松、适当补水，体温高或精神差时及时就医。',
    topics: ['儿童健康', '常见病'],
    sources: ['nhc', 'kepu'],
    reviewer: 3,
  },
  {
    key: 'demo-antibiotic-cold',
    claim: '感冒了吃点抗生素（消炎药）好得快',
    aliases: ['感冒就吃头孢', '消炎药能治感冒'],
    rating: 'false',
    explanation:
      '普通感冒绝大多数由病毒引起，抗生素只对细菌有效，对病毒无效。滥用抗生素会带来不良反应并助长细菌耐药。是否需要抗生素应由医生判断。',
    topics: ['用药安全', '常见病'],
    sources: ['nhc', 'who'],
    reviewer: 2,
  },
  {
    key: 'demo-iv-drip',
    claim: '生病输液比吃药好得快',
    aliases: ['感冒发烧打吊瓶好得快', '每年输液通血管能防中风'],
    rating: 'false',
    explanation:
      '能口服就不注射、能肌注就不输液，是合理用药的基本原则。输液的不良反应风险更高，并不会让普通疾病好得更快；“输液通血管”没有科学依据。',
    topics: ['用药安全'],
    sources: ['nhc', 'nmpa'],
    reviewer: 2,
  },
  {
    key: 'demo-supplements-cure',
    claim: '保健品能治病，可以代替药物',
    aliases: ['吃保健品就能降血糖不用吃药', '这种保健品能治好高血压'],
    rating: 'false',
    explanation:
      '保健食品不是药品，不能治疗疾病，标签上也不得宣称治疗功效。用保健品代替药物可能延误治疗，慢性病患者应遵医嘱用药。',
    topics: ['保健品', '用药安全'],
    sources: ['nmpa', 'piyao'],
    reviewer: 2,
  },
  {
    key: 'demo-iodized-salt-radiation',
    claim: '抢购碘盐能防核辐射',
    aliases: ['多吃碘盐防核污染', '核泄漏了赶紧囤碘盐'],
    rating: 'false',
    explanation:
      '碘盐的含碘量很低，要达到防护所需的碘剂量得一次吃下远超安全量的盐，反而有害。只有在发生核事故、并由有关部门指导时才需服用专用碘片。',
    topics: ['辐射', '食品安全'],
    sources: ['who', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-thermometer-gun',
    claim: '额温枪测体温会伤害眼睛和大脑',
    aliases: ['测温枪对着额头有辐射', '红外体温枪伤松果体'],
    rating: 'false',
    explanation:
      '额温枪是被动接收人体发出的红外线来测温，本身不向人体发射有害射线，不会伤眼睛或大脑。有的型号带瞄准光，不直视即可。',
    topics: ['辐射', '电子产品'],
    sources: ['kepu', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-mrna-dna',
    claim: 'mRNA疫苗会改变人体的基因（DNA）',
    aliases: ['打了mRNA疫苗基因就被改了', '新冠疫苗会篡改DNA'],
    rating: 'false',
    explanation:
      'mRNA疫苗中的mRNA只在细胞质里指导合成一段病毒蛋白，随后很快被降解，它不进入细胞核，也不会与人体DNA整合。',
    topics: ['疫苗', '新冠'],
    sources: ['who', 'cdc'],
    reviewer: 2,
  },
  {
    key: 'demo-mask-hypoxia',
    claim: '长时间戴口罩会缺氧、二氧化碳中毒',
    aliases: ['戴口罩导致脑缺氧', '口罩戴久了二氧化碳中毒'],
    rating: 'false',
    explanation:
      '氧气和二氧化碳分子都能自由透过医用口罩，健康人正常佩戴不会导致缺氧或二氧化碳中毒。有严重心肺疾病的人应在医生指导下选择口罩。',
    topics: ['传染病'],
    sources: ['who', 'cdc'],
    reviewer: 2,
  },
  {
    key: 'demo-garlic-virus',
    claim: '多吃大蒜能杀死病毒、预防流感',
    aliases: ['生吃大蒜防新冠', '大蒜素是天然抗病毒药'],
    rating: 'false',
    explanation:
      '大蒜有一定抑菌作用，但没有证据表明吃大蒜能预防流感或新冠等病毒感染。大蒜可以作为健康饮食的一部分，不能替代疫苗和个人防护。',
    topics: ['传染病', '营养'],
    sources: ['who', 'piyao'],
    reviewer: 2,
  },
  {
    key: 'demo-earthquake-cloud',
    claim: '天上出现“地震云”就说明要发生地震',
    aliases: ['地震云能预报地震', '看到条状云赶紧准备防震'],
    rating: 'false',
    explanation:
      '所谓“地震云”只是普通的云，其形状由大气条件决定。目前科学上不能通过云来预测地震，地震预报以有关部门发布的信息为准。',
    topics: ['防灾减灾', '地球科学'],
    sources: ['cea', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-5g-covid',
    claim: '5G基站会传播新冠病毒',
    aliases: ['5G信号降低免疫力导致新冠', '新冠疫情是5G引起的'],
    rating: 'false',
    explanation:
      '病毒不能通过无线电波或移动网络传播。新冠病毒主要经呼吸道飞沫和密切接触传播，许多没有5G网络的地方同样出现过疫情。',
    topics: ['新冠', '辐射'],
    sources: ['who', 'piyao'],
    reviewer: 1,
  },
  {
    key: 'demo-rice-aflatoxin',
    claim: '剩米饭放一夜会长出黄曲霉毒素',
    aliases: ['隔夜米饭有黄曲霉素', '剩饭致肝癌'],
    rating: 'misleading',
    explanation:
      '黄曲霉毒素主要来自霉变的粮食和坚果，冷藏的剩米饭一夜之间不会产生。剩饭真正的风险是蜡样芽孢杆菌等细菌繁殖，应尽快冷藏、吃前热透，不宜久放。',
    topics: ['食品安全'],
    sources: ['cfsa', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-coffee-cancer',
    claim: '喝咖啡会致癌',
    aliases: ['咖啡里有丙烯酰胺致癌', '每天喝咖啡得癌症'],
    rating: 'false',
    explanation:
      '国际癌症研究机构在2016年的评估中已不再将咖啡列为可能致癌物。适量饮用咖啡对健康成年人是安全的；孕妇和对咖啡因敏感的人应控制摄入量。',
    topics: ['营养'],
    sources: ['who', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-spinach-iron',
    claim: '多吃菠菜能补铁治贫血',
    aliases: ['菠菜是补铁冠军', '贫血就多吃菠菜'],
    rating: 'misleading',
    explanation:
      '菠菜含铁量不算低，但属于非血红素铁，吸收率很低。补铁效果更好的是红肉、动物肝脏和动物血；缺铁性贫血应在医生指导下治疗。',
    topics: ['营养'],
    sources: ['cnsoc', 'kepu'],
    reviewer: 3,
  },
  {
    key: 'demo-betel-nut',
    claim: '长期嚼槟榔会增加口腔癌风险',
    aliases: ['嚼槟榔会得口腔癌', '槟榔是一级致癌物'],
    rating: 'true',
    explanation:
      '属实。槟榔果被国际癌症研究机构列为一类致癌物，长期咀嚼会损伤口腔黏膜，导致口腔黏膜下纤维化并显著增加口腔癌风险。',
    topics: ['癌症防治'],
    sources: ['who', 'nhc'],
    reviewer: 1,
  },
  {
    key: 'demo-secondhand-smoke',
    claim: '二手烟也会危害健康',
    aliases: ['吸二手烟和吸烟一样有害', '被动吸烟也会得肺癌'],
    rating: 'true',
    explanation:
      '属实。二手烟中含有数十种致癌物，不存在安全的暴露水平，会增加非吸烟者患肺癌、心脏病的风险，对儿童和孕妇危害更大。室内全面禁烟才能有效保护。',
    topics: ['控烟', '癌症防治'],
    sources: ['who', 'cdc'],
    reviewer: 1,
  },
  {
    key: 'demo-sprouted-potato',
    claim: '发芽变绿的土豆不能吃',
    aliases: ['土豆发芽了有毒', '绿皮土豆吃了会中毒'],
    rating: 'true',
    explanation:
      '属实。土豆发芽或表皮变绿时，龙葵素（茄碱）含量大增，吃了可能出现恶心、呕吐等中毒症状，而且普通烹调难以破坏。发芽多、变绿面积大的土豆应整个丢弃。',
    topics: ['食品安全'],
    sources: ['cfsa', 'nhc'],
    reviewer: 0,
  },
  {
    key: 'demo-fresh-daylily',
    claim: '新鲜黄花菜直接炒着吃会中毒',
    aliases: ['鲜金针菜有毒', '新鲜黄花菜要焯水泡水才能吃'],
    rating: 'true',
    explanation:
      '属实。鲜黄花菜含有秋水仙碱，进入体内后可转化为有毒物质，引起恶心、呕吐、腹泻。食用前应先焯水并用清水浸泡，或选择干制黄花菜。',
    topics: ['食品安全'],
    sources: ['cfsa', 'nhc'],
    reviewer: 0,
  },
  {
    key: 'demo-green-beans',
    claim: '没炒熟的四季豆会让人中毒',
    aliases: ['豆角没熟吃了会中毒', '扁豆一定要烧熟'],
    rating: 'true',
    explanation:
      '属实。生的或半生的四季豆含有皂素和植物血凝素，可引起恶心、呕吐等中毒症状。烹调时要彻底加热，直到豆角失去生绿色、没有豆腥味。',
    topics: ['食品安全'],
    sources: ['cfsa', 'nhc'],
    reviewer: 0,
  },
  {
    key: 'demo-moldy-cut',
    claim: '水果烂了一块，切掉烂的部分剩下的还能放心吃',
    aliases: ['苹果坏了挖掉继续吃', '发霉的水果削掉霉点就行'],
    rating: 'mixed',
    explanation:
      '部分正确。苹果、梨等质地较硬的水果只是轻微碰伤，切除伤处及周围一圈后可以吃；但已经明显霉变或大面积腐烂的，霉菌毒素可能已扩散到看似完好的部分，应整个丢弃。',
    topics: ['食品安全'],
    sources: ['cfsa', 'kepu'],
    reviewer: 0,
  },
  {
    key: 'demo-catch-up-sleep',
    claim: '熬夜后周末补觉就能把身体补回来',
    aliases: ['平时熬夜周末睡个懒觉就行', '睡眠可以攒着补'],
    rating: 'unproven',
    explanation:
      '补觉能缓解部分困倦，但现有研究并不支持“周末补觉能完全抵消长期熬夜的危害”，长期作息紊乱与代谢和心血管问题有关。规律作息、保证每天充足睡眠更重要。',
    topics: ['睡眠'],
    sources: ['nhc', 'kepu'],
    reviewer: 3,
  },
];
