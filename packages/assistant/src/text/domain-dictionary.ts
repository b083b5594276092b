/**
 * Words of our field that jieba's general dictionary splits badly. Format of jieba's user dictionary:
 * `word frequency [part-of-speech]`, one per line. Extend here; the list is data, not code.
 */
export const DOMAIN_WORDS = `
科普 2000 n
科普基地 500 n
科普示范点 300 n
科普教育基地 300 n
科技馆 800 n
科学馆 300 n
科普日 300 n
科普月 300 n
科技活动周 300 n
科普课堂 300 n
科技志愿者 300 n
科普中国 300 nz
信息员 300 n
辟谣 800 v
谣言 800 n
流言 300 n
研学 500 n
青少年 800 n
党群服务中心 300 n
新时代文明实践中心 300 n
天文台 300 n
博物馆 800 n
自然博物馆 300 n
航空航天 300 n
生命健康 300 n
防灾减灾 300 n
生态环保 300 n
人工智能 800 n
隔夜菜 300 n
隔夜茶 300 n
转基因 500 n
致癌 500 v
致癌物 300 n
亚硝酸盐 300 n
新冠 300 n
疫苗 800 n
深汕特别合作区 200 ns
大鹏新区 200 ns
`;
