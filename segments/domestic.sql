-- customers with an address in Japan (the Japanese issue)
SELECT *
FROM customer_view
WHERE country = 'JP' OR country IS NULL OR country = ''
ORDER BY postal_code, id;
