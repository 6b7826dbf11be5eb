/**
 * The kinds of zone a 区 closes (开发区, 高新区, 先导区, 示范区, 园区 …, and 城区, 辖区, 市区), as
 * opposed to a district's name (浑南区): what the stem before a 区 ends with when it is a zone.
 */
export const ZONE_STEM = /(?:先导|示范|试验|实验|合作|功能|核心|集聚|产业|工业|经济|综合|开发|高新|保税|自贸|园|城|社|景|辖|矿|片|街|市)$/;
