import type { Page } from '@playwright/test';

/** Opens a new SQL model in the Models screen, ready for `runEditorQuery`. */
export async function openScratchEditor(page: Page): Promise<void> {
  await page.keyboard.press('Control+2');
  await page.getByRole('button', { name: '+ SQL' }).click();
}

/** Replaces the model editor's query and runs it into the results grid (Ctrl+Enter). */
export async function runEditorQuery(page: Page, sql: string): Promise<void> {
  const editor = page.getByRole('region', { name: 'Model editor' });
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
}
