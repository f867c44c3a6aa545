import type { ButtonHTMLAttributes } from 'react';

/**
 * The app's button (a plain `type="button"` unless told): `tone` marks the main action or a
 * destructive one, `small` fits it in a table row or a tab bar.
 */
export function Button({
  tone,
  small,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: 'primary' | 'danger'; small?: boolean }) {
  const classes = ['button', small && 'small', tone, className].filter(Boolean).join(' ');
  return <button type={type} className={classes} {...rest} />;
}

/** A button drawn as a link: a small action inside a section or a form (add a row, show more). */
export function LinkButton({ type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className="link-button" {...rest} />;
}
