-- customers whose birthday falls in the current month
SELECT *
FROM customer_view
WHERE birthday_month = CAST(strftime('%m', 'now') AS INTEGER)
ORDER BY postal_code, id;
