import type { WorkspaceIndex } from '@muster/core';

/** A small deterministic PRNG (mulberry32), so every demo looks the same. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Divisions and their units (3 levels with the hospital at the root), with relative sizes. */
const ORG: { name: string; units: [string, number][] }[] = [
  {
    name: '内科',
    units: [
      ['心内科', 6],
      ['呼吸内科', 6],
      ['消化内科', 5],
      ['肾内科', 4],
      ['感染科', 5],
    ],
  },
  {
    name: '外科',
    units: [
      ['普外科', 6],
      ['骨科', 5],
      ['神经外科', 4],
      ['泌尿外科', 4],
    ],
  },
  {
    name: '医技科室',
    units: [
      ['检验科', 5],
      ['放射科', 4],
      ['药剂科', 4],
    ],
  },
  {
    name: '护理部',
    units: [
      ['急诊护理组', 7],
      ['手术室', 6],
      ['重症监护室', 6],
    ],
  },
  {
    name: '行政后勤',
    units: [
      ['院办', 3],
      ['信息科', 2],
      ['后勤保障科', 4],
    ],
  },
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文琳晶欣怡婷雪梅丹宇浩然晨阳佳颖思雨涵博子轩俊峰';

export interface Staff {
  id: string;
  name: string;
  phone: string;
  unit: string;
  /** How reliably this person checks in (chronic late-comers make realistic gaps). */
  reliability: number;
}

export interface Hospital {
  root: string;
  units: { id: string; name: string }[];
  staff: Staff[];
  /** The unit whose work log the demo fills. */
  itUnit: string;
}

/** Write a hospital of `size` staff into the index: root → divisions → units → people. */
export function buildHospital(index: WorkspaceIndex, size: number, random: () => number): Hospital {
  const pick = (s: string) => s[Math.floor(random() * s.length)] as string;
  const root = index.addDepartment({ name: '市第一医院' });
  const units: { id: string; name: string; weight: number }[] = [];
  for (const division of ORG) {
    const d = index.addDepartment({ name: division.name, parent: root });
    for (const [name, weight] of division.units)
      units.push({ id: index.addDepartment({ name, parent: d }), name, weight });
  }
  const total = units.reduce((n, u) => n + u.weight, 0);
  const staff: Staff[] = [];
  let left = size;
  units.forEach((u, i) => {
    const n = i === units.length - 1 ? left : Math.round((size * u.weight) / total);
    left -= n;
    for (let k = 0; k < n; k++) {
      const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : '');
      const phone = `1${pick('35789')}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
      const r = random();
      const reliability = r < 0.03 ? 0.4 : r < 0.12 ? 0.8 : 0.985;
      const id = index.addMember({ name, department: u.id, phone, role: 'viewer' });
      staff.push({ id, name, phone, unit: u.id, reliability });
    }
  });
  const itUnit = units.find((u) => u.name === '信息科')?.id as string;
  return { root, units, staff, itUnit };
}
