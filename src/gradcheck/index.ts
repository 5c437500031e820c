export { numericalGradient } from './numerical-gradient.js';
export { gradientCheck, gradientCheckLayer, type GradientCheckOptions, type GradientCheckResult, type GradientMismatch } from './gradient-check.js';
