/** The policy API the engine, the rules and the reporters use. */
export type {
  Exception,
  FailOn,
  ImageOverride,
  Level,
  NoOptions,
  OptionsPatch,
  Policy,
  PresetName,
  RuleId,
  RuleOptionsMap,
  RuleOverride,
  RuleOverrides,
  RuleSetting,
  RuleSettings,
} from './types.ts';
export { FAIL_ON_VALUES, LEVELS, PRESET_NAMES, RULE_IDS } from './types.ts';
export { formatSize, parseSize } from './sizes.ts';
export { builtinPolicy, DEFAULT_FORBIDDEN_PATHS } from './presets.ts';
export { loadPolicy, parsePolicy } from './load.ts';
export type { LoadOptions } from './load.ts';
export { findException, matchesGlob, policyForImage } from './resolve.ts';
