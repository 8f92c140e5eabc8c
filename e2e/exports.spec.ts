import fs from 'node:fs'
import path from 'node:path'
import { createBoard, expect, openBoard, participant, test } from './fixtures'

test.describe('maps for reports', () => {
  test('export the PDF report from the board menu of the example coalition', async ({ browser, baseURL }) => {
    const board = await createBoard(baseURL!, { template: 'example' })
    const fac = await participant(browser, baseURL!, 'Fien')
    await openBoard(fac.page, board.url)
    await fac.page.getByTestId('export-open').click()
    const download = fac.page.waitForEvent('download')
    await fac.page.getByTestId('export-pdf').click()
    const file = await (await download).path()
    const bytes = fs.readFileSync(file!)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(10_000)
    await fac.context.close()
  })

  test('import a Kumu spreadsheet into a new board and see the actors in their rings', async ({ browser, baseURL }) => {
    // A Kumu-style elements/connections pair made by the app itself from the example board.
    const source = await createBoard(baseURL!, { template: 'example' })
    const xlsx = Buffer.from(await (await fetch(`${baseURL}/api/boards/${source.id}/export/xlsx?token=${source.tokens.view}`)).arrayBuffer())
    const file = path.join(test.info().outputDir, 'kumu.xlsx')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, xlsx)

    const fac = await participant(browser, baseURL!, 'Fien')
    await fac.page.goto('/')
    await fac.page.getByTestId('home-import').setInputFiles(file)
    await fac.page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}#t=/)
    await expect(fac.page.locator('[data-testid=actor-card]')).toHaveCount(25)
    await expect(fac.page.locator('[data-testid=actor-card][data-actor-name="Milieudefensie Zuid"]')).toHaveAttribute('data-role', 'core')
    await expect(fac.page.locator('[data-testid=actor-card][data-actor-name="Gemeente Zuid"]')).toHaveAttribute('data-role', 'outside')
    await expect(fac.page.getByTestId('coalition-rings')).toHaveCount(1)
    await fac.context.close()
  })
})
