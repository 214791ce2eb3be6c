/**
 * Token types of the rubric language. Matching is done by `lexer.ts` (a trie gives true
 * longest match for Chinese keywords); chevrotain only needs the types and categories.
 * Each spelling of a keyword is listed in KEYWORDS; aliases share one token type.
 */
import { createToken, Lexer, type TokenType } from './chevrotain.js';

const NA = Lexer.NA;
function tok(name: string, categories?: TokenType[]): TokenType {
  // chevrotain treats an explicit `categories: undefined` as [undefined]
  return categories ? createToken({ name, pattern: NA, categories }) : createToken({ name, pattern: NA });
}

// ── categories ──────────────────────────────────────────────────────────────
export const BlockKw = tok('BlockKw');
export const Unit = tok('Unit');
export const Cmp = tok('Cmp');
export const Mode = tok('Mode');
export const GradeWord = tok('GradeWord');
export const PopFn = tok('PopFn');
export const Rounding = tok('Rounding');
export const StepDown = tok('StepDown');
export const StepUp = tok('StepUp');
export const Cap = tok('Cap');
export const DeclType = tok('DeclType');
/** Anything a number can be written as: 3, ３, 三. */
export const AnyNumber = tok('AnyNumber');

// ── context tokens made by the lexer ────────────────────────────────────────
export const ItemMarker = tok('ItemMarker');
export const Title = tok('Title');
export const DescText = tok('DescText');
export const LineLabel = tok('LineLabel');
export const HeaderKw = tok('HeaderKw');
export const KwInputs = tok('KwInputs', [BlockKw]);
export const KwParams = tok('KwParams', [BlockKw]);
export const KwEvents = tok('KwEvents', [BlockKw]);
export const KwComputed = tok('KwComputed', [BlockKw]);
export const KwGrades = tok('KwGrades', [BlockKw]);
export const KwVetoBlock = tok('KwVetoBlock', [BlockKw]);
export const KwTitles = tok('KwTitles', [BlockKw]);
export const KwResultUse = tok('KwResultUse', [BlockKw]);
export const KwSubjects = tok('KwSubjects', [BlockKw]);
export const KwNote = tok('KwNote', [BlockKw]);

// ── literals ─────────────────────────────────────────────────────────────────
export const Name = tok('Name');
export const Str = tok('Str');
export const Num = tok('Num', [AnyNumber]);
export const CnNum = tok('CnNum', [AnyNumber]);
export const DateLit = tok('DateLit');
export const YearMonth = tok('YearMonth');
export const UnknownWord = tok('UnknownWord');

// ── punctuation ─────────────────────────────────────────────────────────────
export const Comma = tok('Comma');
export const Dun = tok('Dun');
export const Semi = tok('Semi');
export const Period = tok('Period');
export const Colon = tok('Colon');
export const LParen = tok('LParen');
export const RParen = tok('RParen');
export const Plus = tok('Plus');
export const Dash = tok('Dash');
export const Times = tok('Times');
export const Slash = tok('Slash');
export const Percent = tok('Percent');

// ── comparison (each says exactly which side the boundary falls on) ─────────
export const Lt = tok('Lt', [Cmp]);
export const Le = tok('Le', [Cmp]);
export const Gt = tok('Gt', [Cmp]);
export const Ge = tok('Ge', [Cmp]);
export const Eq = tok('Eq', [Cmp]);
export const Ne = tok('Ne', [Cmp]);
export const Above = tok('Above'); // 以上
export const Below = tok('Below'); // 以下
export const Incl = tok('Incl'); // 含
export const Excl = tok('Excl'); // 不含

// ── actions ─────────────────────────────────────────────────────────────────
export const Deduct = tok('Deduct');
export const Add = tok('Add');
export const Get = tok('Get');
export const Each = tok('Each');
export const Fen = tok('Fen'); // 分, the unit of points
export const NoDeduct = tok('NoDeduct');
export const NoAdd = tok('NoAdd');
export const PercentPoint = tok('PercentPoint', [Unit]);
export const Ming = tok('Ming', [Unit]); // 名: a rank, and a count of people

// ── conditions ──────────────────────────────────────────────────────────────
export const De = tok('De'); // 的 / 时: ends a condition
export const And = tok('And');
export const Or = tok('Or');
export const Not = tok('Not');
export const Else = tok('Else');
export const Among = tok('Among'); // 其中
export const Every = tok('Every'); // 凡
export const In = tok('In'); // 中
export const If = tok('If');
export const Then = tok('Then');
export const Yes = tok('Yes');
export const No = tok('No');
export const After = tok('After'); // 后
export const Qi = tok('Qi', [Unit]); // 起: a count of cases, and "from" after a date

// ── steps, ranks, tiers ─────────────────────────────────────────────────────
export const StepLess = tok('StepLess', [StepDown]);
export const StepMore = tok('StepMore', [StepUp]);
export const InclShort = tok('InclShort'); // 含不足
export const NotCounted = tok('NotCounted'); // 不计
export const By = tok('By'); // 按
export const RankKw = tok('RankKw'); // 排名
export const Desc = tok('Desc'); // 从高到低
export const Asc = tok('Asc'); // 从低到高
export const Ordinal = tok('Ordinal'); // 第
export const To = tok('To'); // 至
export const Last = tok('Last'); // 末
export const Respectively = tok('Respectively'); // 分别
export const Top = tok('Top'); // 前
export const Tie = tok('Tie'); // 并列
export const TieHigh = tok('TieHigh'); // 取高
export const TieAvg = tok('TieAvg'); // 取平均
export const Within = tok('Within'); // 内
export const At = tok('At'); // 在
export const ShiQing = tok('ShiQing'); // 视情
export const ZhuoQing = tok('ZhuoQing'); // 酌情
export const Bei = tok('Bei'); // 倍
export const Halve = tok('Halve'); // 减半
export const Double = tok('Double'); // 加倍
export const PopAvg = tok('PopAvg', [PopFn]);
export const PopSum = tok('PopSum', [PopFn]);
export const PopMax = tok('PopMax', [PopFn]);
export const PopMin = tok('PopMin', [PopFn]);
export const Only = tok('Only'); // 仅
export const SelfScore = tok('SelfScore'); // 本项得分
export const SelfGet = tok('SelfGet'); // 本项得

// ── node attributes ─────────────────────────────────────────────────────────
export const FullMarks = tok('FullMarks'); // 满分
export const Zhan = tok('Zhan'); // 占
export const OutsideTotal = tok('OutsideTotal');
export const SameMatterMax = tok('SameMatterMax');
export const AliasKw = tok('AliasKw'); // 简称
export const Keep = tok('Keep'); // 保留
export const DecimalPlaces = tok('DecimalPlaces'); // 位小数
export const RoundHalfUp = tok('RoundHalfUp', [Rounding]);
export const RoundUp = tok('RoundUp', [Rounding]);
export const RoundDown = tok('RoundDown', [Rounding]);
export const RoundHalfEven = tok('RoundHalfEven', [Rounding]);
export const Basis = tok('Basis'); // 依据
export const PeriodKw = tok('PeriodKw'); // 期间 / 考核期
export const Quarterly = tok('Quarterly'); // 按季累计
export const CapDeduct = tok('CapDeduct', [Cap]); // 限扣
export const CapAdd = tok('CapAdd', [Cap]); // 限加
export const CapTotal = tok('CapTotal', [Cap]); // 封顶 / 累计最高 / 最高
export const Floor = tok('Floor'); // 最低
export const DeductUntil = tok('DeductUntil'); // 扣完为止
export const DeductDone = tok('DeductDone'); // 扣完
export const Until = tok('Until'); // 为止
export const ModeDeduct = tok('ModeDeduct', [Mode]);
export const ModeAdd = tok('ModeAdd', [Mode]);
export const ModeCheck = tok('ModeCheck', [Mode]);
export const ModeAssign = tok('ModeAssign', [Mode]);
export const ModePoints = tok('ModePoints', [Mode]);
export const ModeFormula = tok('ModeFormula', [Mode]);

// ── declarations ────────────────────────────────────────────────────────────
export const AttributeKw = tok('AttributeKw'); // 属性
export const ChargeTo = tok('ChargeTo'); // 计入
export const TPercent = tok('TPercent', [DeclType]);
export const TBool = tok('TBool', [DeclType]);
export const TChoice = tok('TChoice', [DeclType]);
export const TDate = tok('TDate', [DeclType]);
export const TText = tok('TText', [DeclType]);
export const TNumber = tok('TNumber', [DeclType]);
export const TSubject = tok('TSubject', [DeclType]);
export const RangeKw = tok('RangeKw'); // 范围
export const WhenMissing = tok('WhenMissing'); // 缺失时
export const GroupKw = tok('GroupKw'); // 分组

// ── outcomes ────────────────────────────────────────────────────────────────
export const Quota = tok('Quota'); // 限
export const OutsideQuota = tok('OutsideQuota'); // 名额外的
export const RatedAs = tok('RatedAs'); // 评为
export const Rest = tok('Rest'); // 其余
export const TotalKw = tok('TotalKw'); // 总分
export const Veto = tok('Veto'); // 否优 (inside a sentence)
export const CeilCount = tok('CeilCount'); // 向上取整
export const FloorCount = tok('FloorCount'); // 向下取整
export const AtLeast = tok('AtLeast'); // 至少
export const AlsoAdd = tok('AlsoAdd'); // 另加
export const Summarize = tok('Summarize'); // 汇总

/** Every spelling the lexer knows, with the token type it makes. Longest match wins. */
export const KEYWORDS: ReadonlyArray<readonly [string, TokenType]> = [
  // actions
  ['扣', Deduct],
  ['扣除', Deduct],
  ['减', Deduct],
  ['加', Add],
  ['得', Get],
  ['每', Each],
  ['分', Fen],
  ['不扣分', NoDeduct],
  ['不加分', NoAdd],
  // comparison
  ['不足', Lt],
  ['低于', Lt],
  ['少于', Lt],
  ['未达到', Lt],
  ['未达', Lt],
  ['不到', Lt],
  ['小于', Lt],
  ['早于', Lt],
  ['<', Lt],
  ['＜', Lt],
  ['未超过', Le],
  ['不超过', Le],
  ['不高于', Le],
  ['不多于', Le],
  ['不大于', Le],
  ['不晚于', Le],
  ['<=', Le],
  ['≤', Le],
  ['＜＝', Le],
  ['超过', Gt],
  ['高于', Gt],
  ['多于', Gt],
  ['大于', Gt],
  ['晚于', Gt],
  ['>', Gt],
  ['＞', Gt],
  ['达到', Ge],
  ['不低于', Ge],
  ['不少于', Ge],
  ['不小于', Ge],
  ['不早于', Ge],
  ['>=', Ge],
  ['≥', Ge],
  ['＞＝', Ge],
  ['为', Eq],
  ['等于', Eq],
  ['=', Eq],
  ['＝', Eq],
  ['不为', Ne],
  ['不等于', Ne],
  ['≠', Ne],
  ['以上', Above],
  ['以下', Below],
  ['含', Incl],
  ['不含', Excl],
  // conditions
  ['的', De],
  ['时', De],
  ['且', And],
  ['并且', And],
  ['而且', And],
  ['或', Or],
  ['或者', Or],
  ['未', Not],
  ['没有', Not],
  ['无', Not],
  ['非', Not],
  ['否则', Else],
  ['其中', Among],
  ['凡', Every],
  ['中', In],
  ['若', If],
  ['如果', If],
  ['则', Then],
  ['是', Yes],
  ['否', No],
  ['后', After],
  ['起', Qi],
  // steps, ranks, tiers
  ['每少', StepLess],
  ['每低', StepLess],
  ['每缺', StepLess],
  ['每多', StepMore],
  ['每高', StepMore],
  ['每超', StepMore],
  ['含不足', InclShort],
  ['不计', NotCounted],
  ['按', By],
  ['排名', RankKw],
  ['从高到低', Desc],
  ['从低到高', Asc],
  ['第', Ordinal],
  ['至', To],
  ['末', Last],
  ['分别', Respectively],
  ['前', Top],
  ['并列', Tie],
  ['取高', TieHigh],
  ['取平均', TieAvg],
  ['内', Within],
  ['在', At],
  ['视情', ShiQing],
  ['酌情', ZhuoQing],
  ['倍', Bei],
  ['减半', Halve],
  ['加倍', Double],
  ['全体平均', PopAvg],
  ['全体合计', PopSum],
  ['全体最高', PopMax],
  ['全体最低', PopMin],
  ['仅', Only],
  ['本项得分', SelfScore],
  ['本项得', SelfGet],
  // attributes
  ['满分', FullMarks],
  ['占', Zhan],
  ['不计入总分', OutsideTotal],
  ['不占总分', OutsideTotal],
  ['同一事项取最高', SameMatterMax],
  ['同一事项取最高分', SameMatterMax],
  ['同一事迹取最高分', SameMatterMax],
  ['同一事项不重复加分', SameMatterMax],
  ['同一事项加分记最高一次分数', SameMatterMax],
  ['简称', AliasKw],
  ['保留', Keep],
  ['位小数', DecimalPlaces],
  ['四舍五入', RoundHalfUp],
  ['进一法', RoundUp],
  ['去尾法', RoundDown],
  ['四舍六入五成双', RoundHalfEven],
  ['依据', Basis],
  ['期间', PeriodKw],
  ['考核期', PeriodKw],
  ['按季累计', Quarterly],
  ['按季考评', Quarterly],
  ['限扣', CapDeduct],
  ['最多扣', CapDeduct],
  ['限加', CapAdd],
  ['最多加', CapAdd],
  ['封顶', CapTotal],
  ['累计最高', CapTotal],
  ['最高', CapTotal],
  ['最低', Floor],
  ['扣完为止', DeductUntil],
  ['扣完', DeductDone],
  ['为止', Until],
  ['扣分制', ModeDeduct],
  ['加分制', ModeAdd],
  ['达标制', ModeCheck],
  ['达标', ModeCheck],
  ['赋分制', ModeAssign],
  ['赋分', ModeAssign],
  ['积分制', ModePoints],
  ['公式', ModeFormula],
  // declarations
  ['属性', AttributeKw],
  ['计入', ChargeTo],
  ['百分比', TPercent],
  ['是否', TBool],
  ['选项', TChoice],
  ['日期', TDate],
  ['文本', TText],
  ['数值', TNumber],
  ['对象', TSubject],
  ['范围', RangeKw],
  ['缺失时', WhenMissing],
  ['分组', GroupKw],
  // outcomes
  ['限', Quota],
  ['名额外的', OutsideQuota],
  ['评为', RatedAs],
  ['其余', Rest],
  ['总分', TotalKw],
  ['否优', Veto],
  ['向上取整', CeilCount],
  ['向下取整', FloorCount],
  ['至少', AtLeast],
  ['另加', AlsoAdd],
  ['汇总', Summarize],
  ['优秀', GradeWord],
  ['良好', GradeWord],
  ['合格', GradeWord],
  ['基本合格', GradeWord],
  ['不合格', GradeWord],
  ['满意', GradeWord],
  ['基本满意', GradeWord],
  ['不满意', GradeWord],
  ['一般', GradeWord],
  ['较好', GradeWord],
  ['较差', GradeWord],
  // units of count, money, time
  ...(
    [
      '件',
      '次',
      '项',
      '人',
      '人次',
      '个',
      '家',
      '处',
      '例',
      '例次',
      '件次',
      '票',
      '条',
      '份',
      '局',
      '会议',
      '所',
      '篇',
      '户',
      '户次',
      '元',
      '万元',
      '学时',
      '小时',
      '工作日',
      '个工作日',
      '天',
      '岁',
      '个月',
      '周',
    ] as const
  ).map((u) => [u, Unit] as const),
  ['名', Ming],
  ['个百分点', PercentPoint],
  ['百分点', PercentPoint],
  // punctuation and operators
  ['，', Comma],
  [',', Comma],
  ['、', Dun],
  ['；', Semi],
  [';', Semi],
  ['。', Period],
  ['：', Colon],
  [':', Colon],
  ['（', LParen],
  ['(', LParen],
  ['）', RParen],
  [')', RParen],
  ['+', Plus],
  ['＋', Plus],
  ['-', Dash],
  ['－', Dash],
  ['—', Dash],
  ['——', Dash],
  ['–', Dash],
  ['~', Dash],
  ['～', Dash],
  ['−', Dash],
  ['×', Times],
  ['*', Times],
  ['＊', Times],
  ['÷', Slash],
  ['/', Slash],
  ['／', Slash],
  ['%', Percent],
  ['％', Percent],
];

/** Line-start block keywords, each followed by a colon. */
export const BLOCK_KEYWORDS: ReadonlyArray<readonly [string, TokenType]> = [
  ['考核对象', KwSubjects],
  ['结果运用', KwResultUse],
  ['输入', KwInputs],
  ['参数', KwParams],
  ['事件', KwEvents],
  ['计算', KwComputed],
  ['等次', KwGrades],
  ['否优', KwVetoBlock],
  ['评定', KwTitles],
  ['说明', KwNote],
];

export const ALL_TOKENS: TokenType[] = [
  BlockKw,
  Unit,
  Cmp,
  Mode,
  GradeWord,
  PopFn,
  Rounding,
  StepDown,
  StepUp,
  Cap,
  DeclType,
  AnyNumber,
  ItemMarker,
  Title,
  DescText,
  LineLabel,
  HeaderKw,
  KwInputs,
  KwParams,
  KwEvents,
  KwComputed,
  KwGrades,
  KwVetoBlock,
  KwTitles,
  KwResultUse,
  KwSubjects,
  KwNote,
  Name,
  Str,
  Num,
  CnNum,
  DateLit,
  YearMonth,
  UnknownWord,
  Comma,
  Dun,
  Semi,
  Period,
  Colon,
  LParen,
  RParen,
  Plus,
  Dash,
  Times,
  Slash,
  Percent,
  Lt,
  Le,
  Gt,
  Ge,
  Eq,
  Ne,
  Above,
  Below,
  Incl,
  Excl,
  Deduct,
  Add,
  Get,
  Each,
  Fen,
  NoDeduct,
  NoAdd,
  PercentPoint,
  Ming,
  De,
  And,
  Or,
  Not,
  Else,
  Among,
  Every,
  In,
  If,
  Then,
  Yes,
  No,
  After,
  Qi,
  StepLess,
  StepMore,
  InclShort,
  NotCounted,
  By,
  RankKw,
  Desc,
  Asc,
  Ordinal,
  To,
  Last,
  Respectively,
  Top,
  Tie,
  TieHigh,
  TieAvg,
  Within,
  At,
  ShiQing,
  ZhuoQing,
  Bei,
  Halve,
  Double,
  PopAvg,
  PopSum,
  PopMax,
  PopMin,
  Only,
  SelfScore,
  SelfGet,
  FullMarks,
  Zhan,
  OutsideTotal,
  SameMatterMax,
  AliasKw,
  Keep,
  DecimalPlaces,
  RoundHalfUp,
  RoundUp,
  RoundDown,
  RoundHalfEven,
  Basis,
  PeriodKw,
  Quarterly,
  CapDeduct,
  CapAdd,
  CapTotal,
  Floor,
  DeductUntil,
  DeductDone,
  Until,
  ModeDeduct,
  ModeAdd,
  ModeCheck,
  ModeAssign,
  ModePoints,
  ModeFormula,
  AttributeKw,
  ChargeTo,
  TPercent,
  TBool,
  TChoice,
  TDate,
  TText,
  TNumber,
  TSubject,
  RangeKw,
  WhenMissing,
  GroupKw,
  Quota,
  OutsideQuota,
  RatedAs,
  Rest,
  TotalKw,
  Veto,
  CeilCount,
  FloorCount,
  AtLeast,
  AlsoAdd,
  Summarize,
];
