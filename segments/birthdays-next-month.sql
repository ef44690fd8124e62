-- customers whose birthday falls in the next month (a birthday card mailed the month before)
SELECT *
FROM customer_view
WHERE birthday_month = CAST(strftime('%m', 'now', 'start of month', '+1 month') AS INTEGER)
ORDER BY postal_code, id;
